// Benchmark: streams a generated CSV into POST /v1/leads/import over a real socket and reads the streamed answer,
// for 10,000 and then 100,000 rows (IMPORT_ROWS=10000,100000,1000000 to choose) on one app per database; prints
// rows/s and the peak RSS of each run, which should stay flat. PGlite always runs, keeping its data in a temporary
// folder (not in memory, where the data itself would grow the heap); with DATABASE_URL set, PostgreSQL runs too, on
// a fresh database that is dropped afterwards (IMPORT_DATABASES=postgres or pglite runs one only).
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js'
import { createWorkspace } from '../../src/services/workspaces/create-workspace.js'
import { freshDatabase } from '../helper.js'
import { peakRss, type BenchResult } from './measure.js'

const HEADER =
  'email,first_name,title,seniority,company.name,company.employee_count,company.country,budget.status,budget.amount,' +
  'budget.currency,need.level,need.pain_points,timeline.horizon,attributes.crm\n'
const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'senior', 'entry']
const NEEDS = ['low', 'medium', 'high', 'critical']

/** `rows` leads in chunks of 500 lines; one row in 500 has a bad email, so errors are exercised too. */
async function* csv(prefix: string, rows: number): AsyncGenerator<string> {
  yield HEADER
  for (let start = 0; start < rows; start += 500) {
    let chunk = ''
    for (let i = start; i < Math.min(rows, start + 500); i++) {
      const email = i % 500 === 499 ? `broken-${i}` : `${prefix}${i}@bench.example`
      chunk +=
        `${email},Lee ${i},Head of Operations,${SENIORITIES[i % 6]},Company ${i % 997},${(i * 37) % 20000},DE,allocated,` +
        `${10000 + (i % 90000)}.00,EUR,${NEEDS[i % 4]},manual lead routing|slow reporting,quarter,crm-${i % 7}\n`
    }
    yield chunk
  }
}

interface Run {
  rows: number
  seconds: number
  rate: number
  rssStartMb: number
  rssPeakMb: number
  summary: unknown
}

async function importOnce(port: number, key: string, prefix: string, rows: number): Promise<Run> {
  const rss = peakRss(100)
  const started = performance.now()
  try {
    const req = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/leads/import',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
    })
    Readable.from(csv(prefix, rows)).pipe(req)
    const [res] = (await once(req, 'response')) as [import('node:http').IncomingMessage]
    if (res.statusCode !== 200) throw new Error(`import answered ${res.statusCode}`)
    // Keep only the last complete line: the answer is as long as the input and must not pile up here either.
    let lines = 0
    let pending = ''
    let last = ''
    for await (const chunk of res) {
      pending += String(chunk)
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        last = pending.slice(0, end)
        pending = pending.slice(end + 1)
        lines++
      }
    }
    if (lines !== rows + 1) throw new Error(`expected ${rows + 1} lines in the answer, got ${lines}`)
    const seconds = (performance.now() - started) / 1000
    return {
      rows,
      seconds,
      rate: rows / seconds,
      rssStartMb: rss.start / 2 ** 20,
      rssPeakMb: rss.stop() / 2 ** 20,
      summary: JSON.parse(last).summary,
    }
  } finally {
    rss.stop()
  }
}

type Kind = DatabaseHandle['kind']

async function openBenchDatabase(kind: Kind, teardowns: (() => unknown)[]): Promise<DatabaseHandle> {
  if (kind === 'postgres') return freshDatabase({ teardown: (fn) => teardowns.push(fn) })
  const dir = mkdtempSync(join(tmpdir(), 'qualify-bench-'))
  const handle = await openDatabase({ DATA_DIR: dir, DATABASE_URL: undefined })
  teardowns.push(
    () => handle.close(),
    () => rmSync(dir, { recursive: true, force: true }),
  )
  await handle.migrate()
  return handle
}

function benchDatabases(): Kind[] {
  const postgres = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== ''
  const all: Kind[] = postgres ? ['postgres', 'pglite'] : ['pglite']
  const only = process.env.IMPORT_DATABASES?.split(',')
  return only === undefined ? all : all.filter((k) => only.includes(k))
}

function benchSizes(): number[] {
  const given = process.env.IMPORT_ROWS?.split(',').map(Number)
  return given?.every((n) => Number.isInteger(n) && n > 0) === true ? given : [10_000, 100_000]
}

const mib = (bytes: number) => `${bytes.toFixed(0)} MiB`

async function benchOn(kind: Kind, sizes: readonly number[], log: (line: string) => void): Promise<Run[]> {
  const teardowns: (() => unknown)[] = []
  try {
    const database = await openBenchDatabase(kind, teardowns)
    const config = loadConfig({ LOG_LEVEL: 'warn', WEBHOOK_WORKER: 'false' })
    const silent = new Writable({ write: (_chunk, _encoding, done) => done() })
    const app = await buildApp({ config, db: database.db, logStream: silent })
    teardowns.push(() => app.close())
    const { key } = await database.db.transaction((tx) => createWorkspace(tx, 'Bench'))
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    log(`import on ${kind}: warming up with 1,000 rows`)
    await importOnce(port, key, 'warm', 1_000)
    const runs: Run[] = []
    for (const [i, rows] of sizes.entries()) {
      const run = await importOnce(port, key, `run${i}-`, rows)
      runs.push(run)
      log(
        `import on ${kind}, ${rows.toLocaleString('en-US')} rows: ${run.seconds.toFixed(1)} s, ${Math.round(run.rate)} rows/s, ` +
          `RSS ${mib(run.rssStartMb)} at start, peak ${mib(run.rssPeakMb)}; ${JSON.stringify(run.summary)}`,
      )
    }
    const [first, last] = [runs[0]!, runs.at(-1)!]
    if (runs.length > 1)
      log(
        `import on ${kind}: peak RSS ${last.rows.toLocaleString('en-US')} rows / ${first.rows.toLocaleString('en-US')} rows: ` +
          `${(last.rssPeakMb / first.rssPeakMb).toFixed(2)}`,
      )
    return runs
  } finally {
    for (const teardown of teardowns.reverse()) await teardown()
  }
}

export async function benchImport(sizes: readonly number[] = benchSizes(), log = console.log): Promise<BenchResult> {
  const rates: number[] = []
  for (const kind of benchDatabases()) {
    const runs = await benchOn(kind, sizes, log)
    rates.push(...runs.map((r) => r.rate))
  }
  return {
    name: 'import',
    unit: 'rows/s',
    runs: rates,
    median: [...rates].sort((a, b) => a - b)[Math.floor(rates.length / 2)]!,
  }
}
