// Benchmark: the service on its embedded default (PGlite, no DATABASE_URL) under the compare bench's load, GET a
// random one of the leads it was given, then POST new leads; req/s and p99. `--quick`: one 3 s run of each.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exampleLead } from '../fixtures.js'
import { cases, fmt, KEY, load, median, start, stop, type Run } from './compare.js'
import type { BenchResult } from './measure.js'

const SEEDED = 1_000
const CONNECTIONS = 32

/** Leads made through the API, a few at a time (PGlite belongs to the service process). */
async function seed(url: string): Promise<string[]> {
  const ids: string[] = []
  const post = async (i: number) => {
    const res = await fetch(`${url}/v1/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...exampleLead, email: `seed-${i}@bench.example` }),
    })
    if (res.status !== 201) throw new Error(`seeding: ${res.status} ${await res.text()}`)
    ids.push(((await res.json()) as { id: string }).id)
  }
  for (let i = 0; i < SEEDED; i += 8) await Promise.all(Array.from({ length: 8 }, (_, j) => post(i + j)))
  return ids
}

export async function benchPglite({ quick = false, log = console.log } = {}): Promise<BenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qualify-bench-pglite-'))
  const service = await start('src/server.ts', {
    DATA_DIR: dataDir,
    BOOTSTRAP_API_KEY: KEY,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_MAX: '100000000',
    WEBHOOK_WORKER: 'false',
    DATABASE_URL: '', // empty counts as unset: PGlite
  })
  try {
    const ids = await seed(service.url)
    const runs = quick ? 1 : 3
    const rates: number[] = []
    for (const c of cases(ids)) {
      await load(service.url, c, CONNECTIONS, quick ? 1 : 3) // warm-up
      const results: Run[] = []
      for (let i = 0; i < runs; i++) results.push(await load(service.url, c, CONNECTIONS, quick ? 3 : 10))
      const rps = median(results.map((r) => r.rps))
      rates.push(rps)
      log(`pglite ${c.name} c=${CONNECTIONS}: ${fmt(rps)} req/s, p99 ${median(results.map((r) => r.p99))} ms`)
    }
    return { name: 'pglite', unit: 'req/s', runs: rates, median: median(rates) }
  } finally {
    await stop(service)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
