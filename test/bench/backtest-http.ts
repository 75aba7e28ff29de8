// Benchmark: streams generated NDJSON labelled rows into POST /v1/rubrics/backtest over a real socket, 100,000 then
// 1,000,000 rows on one app, and prints rows/s and the peak RSS of each run: the dataset is never held, so the peak
// must not grow with the rows. The client lives in the same process, so its share is counted too (it holds nothing).
// A progress line every 100,000 rows shows a slow run is alive: on a loaded machine 1,000,000 rows can take far longer
// than the 100,000 run suggests, and a run that prints nothing until it ends looks dead and gets cut off.
// Unbounded, V8 lets short-lived garbage pile up until a full collection, so a peak says more about GC timing than
// about what the stream needs; NODE_OPTIONS=--max-old-space-size=96 shows that (both sizes run within it).
import { once } from 'node:events'
import { request, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable, Writable } from 'node:stream'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createWorkspace } from '../../src/services/workspaces/create-workspace.js'
import { freshDatabase } from '../helper.js'
import { exampleLead, mixedActivities } from './fixtures.js'
import { peakRss, type BenchResult } from './measure.js'

const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'senior', 'entry'] as const
const AS_OF = '2026-11-26T12:00:00.000Z'

const PROGRESS_EVERY = 100_000

/** Rows that differ in facts and activities; one in 1,000 lacks its outcome, so the skip path is exercised too. */
async function* ndjson(rows: number, progress: (sent: number, bytes: number) => void): AsyncGenerator<string> {
  const activities = Array.from({ length: 12 }, (_, n) => mixedActivities(n))
  let bytes = 0
  for (let start = 0; start < rows; start += 500) {
    if (start > 0 && start % PROGRESS_EVERY === 0) progress(start, bytes)
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
    bytes += Buffer.byteLength(chunk)
    yield chunk
  }
}

interface Run {
  rows: number
  seconds: number
  rate: number
  /** RSS when the run started, and the highest RSS sampled (every 50 ms) until its answer was read. */
  rssBeforeMb: number
  rssPeakMb: number
  dataset: { read: number; skipped: number; used: number }
  auc: number
}

const MB = 2 ** 20

async function backtestOnce(port: number, key: string, rows: number, log: (line: string) => void): Promise<Run> {
  const rss = peakRss()
  const started = performance.now()
  try {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/rubrics/backtest',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    })
    const progress = (sent: number, bytes: number) =>
      log(
        `  … ${sent.toLocaleString('en-US')} rows (${(bytes / MB).toFixed(0)} MiB) sent in ` +
          `${((performance.now() - started) / 1000).toFixed(0)} s, RSS ${(process.memoryUsage().rss / MB).toFixed(0)} MiB, ` +
          `peak so far ${(rss.peak() / MB).toFixed(0)} MiB`,
      )
    Readable.from(ndjson(rows, progress)).pipe(req)
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
      rssBeforeMb: rss.start / MB,
      rssPeakMb: rss.stop() / MB,
      dataset: answer.dataset,
      auc: answer.report.auc?.value,
    }
  } finally {
    rss.stop()
  }
}

export async function benchBacktestHttp(
  sizes: readonly number[] = [100_000, 1_000_000],
  log = console.log,
): Promise<BenchResult> {
  // In-memory PGlite, or a fresh database on DATABASE_URL's server (dropped afterwards), as the tests do.
  const teardown: (() => unknown)[] = []
  const database = await freshDatabase({ teardown: (fn) => teardown.unshift(fn) })
  try {
    const config = loadConfig({ LOG_LEVEL: 'warn', WEBHOOK_WORKER: 'false' })
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() })
    const app = await buildApp({ config, db: database.db, logStream: silent })
    try {
      const { key } = await database.db.transaction((tx) => createWorkspace(tx, 'Bench'))
      await app.listen({ host: '127.0.0.1', port: 0 })
      const { port } = app.server.address() as AddressInfo
      await backtestOnce(port, key, 5_000, () => {})
      const runs: Run[] = []
      for (const rows of sizes) {
        log(`backtest-http ${rows.toLocaleString('en-US')} rows: started`)
        const run = await backtestOnce(port, key, rows, log)
        runs.push(run)
        const { read, skipped, used } = run.dataset
        log(
          `backtest-http ${rows.toLocaleString('en-US')} rows: ${run.seconds.toFixed(1)} s, ${Math.round(run.rate)} rows/s, ` +
            `RSS ${run.rssBeforeMb.toFixed(0)} MiB before, peak ${run.rssPeakMb.toFixed(0)} MiB; ` +
            `read ${read}, skipped ${skipped}, used ${used}; AUC ${run.auc}`,
        )
      }
      const [first, last] = [runs[0]!, runs.at(-1)!]
      const growth = (r: Run) => `${(r.rssPeakMb - r.rssBeforeMb).toFixed(0)} MiB`
      log(
        `backtest-http peak RSS ${last.rows.toLocaleString('en-US')} / ${first.rows.toLocaleString('en-US')} rows: ` +
          `${(last.rssPeakMb / first.rssPeakMb).toFixed(2)}; growth during the run ${growth(last)} vs ${growth(first)} ` +
          `(${database.kind})`,
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
    for (const fn of teardown) await fn()
  }
}
