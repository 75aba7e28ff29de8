// Benchmark: streams generated NDJSON labelled rows into POST /v1/rubrics/backtest over a real socket, 100,000 then
// 1,000,000 rows on one app, and prints rows/s and the peak RSS of each run: the dataset is never held, so the peak
// must not grow with the rows. The client lives in the same process, so its share is counted too (it holds nothing).
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { request, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { openDatabase } from '../../src/db/client.js'
import { createWorkspace } from '../../src/services/workspaces/create-workspace.js'
import { exampleLead, mixedActivities } from './fixtures.js'
import type { BenchResult } from './measure.js'

const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'senior', 'entry'] as const
const AS_OF = '2026-11-26T12:00:00.000Z'

/** Rows that differ in facts and activities; one in 1,000 lacks its outcome, so the skip path is exercised too. */
async function* ndjson(rows: number): AsyncGenerator<string> {
  const activities = Array.from({ length: 12 }, (_, n) => mixedActivities(n))
  for (let start = 0; start < rows; start += 500) {
    let chunk = ''
    for (let i = start; i < Math.min(rows, start + 500); i++) {
      const lead = {
        ...exampleLead,
        email: `lead${i}@example.org`,
        seniority: SENIORITIES[i % SENIORITIES.length],
        company: { ...exampleLead.company, employee_count: (i * 37) % 2000 },
      }
      const outcome = i % 1000 === 999 ? undefined : i % 3 === 0 ? 'won' : 'lost'
      chunk += `${JSON.stringify({ lead, activities: activities[i % 12], as_of: AS_OF, outcome })}\n`
    }
    yield chunk
  }
}

interface Run {
  rows: number
  seconds: number
  rate: number
  rssPeakMb: number
  dataset: { read: number; skipped: number; used: number }
  auc: number
}

async function backtestOnce(port: number, key: string, rows: number): Promise<Run> {
  let peak = process.memoryUsage().rss
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const started = performance.now()
  try {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/rubrics/backtest',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    })
    Readable.from(ndjson(rows)).pipe(req)
    const [res] = (await once(req, 'response')) as [IncomingMessage]
    let body = ''
    for await (const chunk of res) body += String(chunk)
    if (res.statusCode !== 200) throw new Error(`backtest answered ${res.statusCode}: ${body.slice(0, 500)}`)
    const answer = JSON.parse(body)
    const seconds = (performance.now() - started) / 1000
    return {
      rows,
      seconds,
      rate: rows / seconds,
      rssPeakMb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20,
      dataset: answer.dataset,
      auc: answer.report.auc?.value,
    }
  } finally {
    clearInterval(sampler)
  }
}

export async function benchBacktestHttp(
  sizes: readonly number[] = [100_000, 1_000_000],
  log = console.log,
): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'qualify-bench-'))
  const database = await openDatabase({ DATA_DIR: dir })
  try {
    await database.migrate()
    const config = loadConfig({ LOG_LEVEL: 'warn', WEBHOOK_WORKER: 'false' })
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() })
    const app = await buildApp({ config, db: database.db, logStream: silent })
    try {
      const { key } = await database.db.transaction((tx) => createWorkspace(tx, 'Bench'))
      await app.listen({ host: '127.0.0.1', port: 0 })
      const { port } = app.server.address() as AddressInfo
      await backtestOnce(port, key, 5_000)
      const runs: Run[] = []
      for (const rows of sizes) {
        const run = await backtestOnce(port, key, rows)
        runs.push(run)
        log(
          `backtest-http ${rows.toLocaleString('en-US')} rows: ${run.seconds.toFixed(1)} s, ${Math.round(run.rate)} rows/s, ` +
            `peak RSS ${run.rssPeakMb.toFixed(0)} MiB; dataset ${JSON.stringify(run.dataset)}, AUC ${run.auc}`,
        )
      }
      const [first, last] = [runs[0]!, runs.at(-1)!]
      log(
        `backtest-http peak RSS ${last.rows.toLocaleString('en-US')} / ${first.rows.toLocaleString('en-US')} rows: ` +
          `${(last.rssPeakMb / first.rssPeakMb).toFixed(2)}`,
      )
      const rates = runs.map((r) => r.rate)
      return {
        name: 'backtest-http',
        unit: 'rows/s',
        runs: rates,
        median: [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]!,
      }
    } finally {
      await app.close()
    }
  } finally {
    await database.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
