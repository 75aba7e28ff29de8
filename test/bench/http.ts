// Benchmark: the built service in its own process, loaded over real sockets by autocannon from this one.
// Two calls: the what-if evaluation (scoring only) and reading a stored lead (authentication plus a query).
// Reports requests/s and p99 latency, median of 3 runs of 5 s each, 10 connections.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { once } from 'node:events'
import { createServer, type AddressInfo } from 'node:net'
import autocannon from 'autocannon'
import { exampleLead } from '../fixtures.js'
import { freshDatabase } from '../helper.js'
import type { BenchResult } from './measure.js'

const KEY = 'bench-key'
const reply = { type: 'reply', direction: 'inbound', occurred_at: new Date(Date.now() - 3 * 86_400_000).toISOString() }

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address() as AddressInfo
  probe.close()
  return port
}

/** With DATABASE_URL, a fresh database of its own (dropped afterwards); otherwise PGlite in a temporary folder. */
async function databaseEnv(teardowns: (() => unknown)[]): Promise<Record<string, string>> {
  if (process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '') return {}
  const database = await freshDatabase({ teardown: (fn) => teardowns.push(fn) })
  return { DATABASE_URL: database.url! }
}

// Warn-level logs, so the figures are the API's and not the cost of writing a log line per request.
async function startServer(dbEnv: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      ...process.env,
      ...dbEnv,
      PORT: String(port),
      BOOTSTRAP_API_KEY: KEY,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '100000000',
      WEBHOOK_WORKER: 'false',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'qualify-bench-http-')),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    if (
      await fetch(`${url}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { child, url }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error('server did not start within 30 s')
}

async function load(url: string, method: 'GET' | 'POST', body?: unknown) {
  const result = await autocannon({
    url,
    method,
    connections: 10,
    duration: 5,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx answers, ${result.errors} errors`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export async function benchHttp(log = console.log): Promise<BenchResult> {
  // The server runs from source through tsx, like the tests; `node dist/server.js` would start faster but serve the same.
  const teardowns: (() => unknown)[] = []
  const { child, url } = await startServer(await databaseEnv(teardowns))
  try {
    const created = await fetch(`${url}/v1/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(exampleLead),
    })
    const lead = (await created.json()) as { id: string }
    const cases = [
      {
        name: 'POST /v1/qualifications/evaluate',
        method: 'POST' as const,
        path: '/v1/qualifications/evaluate',
        body: { lead: exampleLead, activities: [reply] },
      },
      { name: 'GET /v1/leads/{id}', method: 'GET' as const, path: `/v1/leads/${lead.id}` },
    ]
    let first: number[] = []
    for (const c of cases) {
      await load(`${url}${c.path}`, c.method, c.body) // warm-up
      const runs = []
      for (let i = 0; i < 3; i++) runs.push(await load(`${url}${c.path}`, c.method, c.body))
      runs.forEach((r, i) => log(`http ${c.name} run ${i + 1}/3: ${Math.round(r.rps)} req/s, p99 ${r.p99} ms`))
      log(
        `http ${c.name} median: ${Math.round(median(runs.map((r) => r.rps)))} req/s, p99 ${median(runs.map((r) => r.p99))} ms`,
      )
      if (first.length === 0) first = runs.map((r) => r.rps)
    }
    return { name: 'http', unit: 'requests/s', runs: first, median: median(first) }
  } finally {
    child.kill('SIGTERM')
    await once(child, 'exit')
    for (const teardown of teardowns.reverse()) await teardown()
  }
}
