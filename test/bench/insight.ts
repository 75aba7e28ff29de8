// `npm run bench insight` (needs DATABASE_URL): one workspace of BENCH_LEADS leads (default 1,000,000) and
// BENCH_OPPORTUNITIES opportunities (default 200,000) with their ledger, seeded by set-based SQL into a fresh database;
// then the reports and the list filters over real HTTP against the app listening on that database: median of
// REPORT_RUNS calls per report, p95 of LIST_CALLS per list, and EXPLAIN (ANALYZE, BUFFERS) of each call's slowest
// statement. `--keep` keeps the database (its URL is printed); BENCH_DATABASE_URL reuses one already seeded (a new
// rubric version is activated first, so the rescoring changes most scores again). `--rescore-only` skips the
// reports and lists, `--no-rescore` the rescoring job.
import { loadavg } from 'node:os'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createWorkspace } from '../../src/services/workspaces/create-workspace.js'
import { openDatabase, type Database } from '../../src/db/client.js'
import * as schema from '../../src/db/schema.js'
import { createTestDatabase, databaseUrl, withAdmin } from '../databases.js'
import { exampleLead } from '../fixtures.js'
import type { BenchResult } from './measure.js'
import { seedPipeline } from './pipeline-seed.js'

const REPORT_RUNS = 5
const LIST_CALLS = 40

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

interface Captured {
  text: string
  params: unknown[]
}

/** A pool whose drizzle logger keeps the statements of the current call, for EXPLAIN afterwards. */
function openRecorded(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 10, options: '-c jit=off' })
  pool.on('error', () => {})
  // Only while a call is being explained: the rescoring job alone would pile up every chunk's statement here.
  const seen: Captured[] & { on?: boolean } = []
  const db = drizzle({
    client: pool,
    schema,
    logger: { logQuery: (text, params) => void (seen.on === true && seen.push({ text, params })) },
  }) as unknown as Database
  return { pool, db, seen }
}

export async function benchInsight(flags: ReadonlySet<string>, log = console.log): Promise<BenchResult> {
  const server = process.env.DATABASE_URL
  if (!server) throw new Error('bench insight needs DATABASE_URL')
  const reuse = process.env.BENCH_DATABASE_URL
  const name = reuse === undefined ? await createTestDatabase(server) : undefined
  const url = reuse ?? databaseUrl(server, name!)
  if (reuse !== undefined) {
    const handle = await openDatabase({ DATABASE_URL: reuse })
    await handle.migrate()
    await handle.close()
  }
  const { pool, db, seen } = openRecorded(url)
  const app = await buildApp({
    config: { ...loadConfig({}), ...chunkSize(), LOG_LEVEL: 'warn', RATE_LIMIT_MAX: 1e9 },
    db,
  })
  try {
    const key = reuse === undefined ? await seeded(app, db, log) : process.env.BENCH_KEY!
    const base = await app.listen({ port: 0, host: '127.0.0.1' })
    const call = async (path: string, method = 'GET') => {
      const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${key}` } })
      const body = await res.text()
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${body}`)
      return body
    }
    const figures: number[] = []
    const reports = !flags.has('--rescore-only')
    if (reports)
      for (const path of reportPaths()) figures.push(await timed(path, call, REPORT_RUNS, 0.5, seen, db, log))
    if (reports) for (const path of listPaths()) figures.push(await timed(path, call, LIST_CALLS, 0.95, seen, db, log))
    if (!flags.has('--no-rescore')) {
      // A reused database was rescored by the last run: another rubric version makes most scores change again.
      if (reuse !== undefined) await flipRubric(db, log)
      await rescoreRate(call, log)
    }
    return { name: 'insight', unit: 'ms (worst figure)', runs: figures, median: Math.max(...figures) }
  } finally {
    await app.close()
    await pool.end()
    if (name !== undefined && !flags.has('--keep'))
      await withAdmin(server, (admin) => admin.query(`drop database if exists ${name} with (force)`))
    else if (name !== undefined) log(`insight: kept ${url}`)
  }
}

/** JOB_CHUNK_SIZE from the environment, for trying chunk sizes on the same data; the config's default otherwise. */
const chunkSize = () =>
  process.env.JOB_CHUNK_SIZE === undefined ? {} : { JOB_CHUNK_SIZE: Number(process.env.JOB_CHUNK_SIZE) }

type App = Awaited<ReturnType<typeof buildApp>>

/** A workspace with one real lead → prospect → opportunity path (the JSON the seed copies), then the seed. */
async function seeded(app: App, db: Database, log: (line: string) => void): Promise<string> {
  const made = await db.transaction((tx) => createWorkspace(tx, 'insight'))
  const { key } = made
  const workspaceId = made.workspace.id
  const headers = { authorization: `Bearer ${key}` }
  const post = async (url: string, body: unknown = {}) => {
    const res = await app.inject({ method: 'POST', url, headers, body: body as object })
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
    return res.json()
  }
  const leadId = (await post('/v1/leads', { ...exampleLead, email: 'sample@bench.example' })).id as string
  const prospectId = (await post(`/v1/leads/${leadId}/qualify`)).prospect.id as string
  const leads = Number(process.env.BENCH_LEADS ?? 1_000_000)
  const opportunities = Number(process.env.BENCH_OPPORTUNITIES ?? Math.round(leads / 5))
  const t0 = performance.now()
  log(`insight: seeding ${leads} leads, ${opportunities} opportunities (load ${load()})`)
  await seedPipeline(db, { workspaceId, leads, opportunities, sample: { leadId, prospectId }, now: new Date() }, log)
  const counts = await db.execute(sql`select (select count(*) from leads) as leads,
    (select count(*) from prospects) as prospects, (select count(*) from opportunities) as opportunities,
    (select count(*) from transitions) as transitions, (select count(*) from activities) as activities`)
  log(
    `insight: seeded in ${((performance.now() - t0) / 1000).toFixed(0)} s: ${JSON.stringify((counts as unknown as { rows: unknown[] }).rows[0])}`,
  )
  log(`insight: BENCH_KEY=${key}`)
  return key
}

function reportPaths(): string[] {
  const to = new Date().toISOString().slice(0, 10)
  const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10)
  const period = `from=${from}&to=${to}`
  return [
    `/v1/reports/funnel?${period}`,
    ...['source', 'owner', 'rubric_version', 'grade', 'month'].map((g) => `/v1/reports/funnel?${period}&group_by=${g}`),
    `/v1/reports/stages?${period}`,
    `/v1/reports/forecast`,
    `/v1/reports/forecast?from=${to.slice(0, 7)}-01&to=${new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10)}`,
  ]
}

function listPaths(): string[] {
  const before = new Date(Date.now() - 90 * 86_400_000).toISOString()
  const lists = ['leads', 'prospects', 'opportunities']
  return [
    ...['score', '-score', 'updated_at', '-updated_at', 'last_activity_at', '-last_activity_at'].map(
      (s) => `/v1/leads?sort=${s}&limit=50`,
    ),
    `/v1/leads?last_activity_before=${before}&limit=50`,
    `/v1/leads?last_activity_before=${before}&sort=-last_activity_at&limit=50`,
    ...['hot', 'warm', 'cold'].map((t) => `/v1/leads?temperature=${t}&limit=50`),
    `/v1/leads?temperature=hot&sort=-score&limit=50`,
    ...lists.flatMap((l) => [`/v1/${l}?stalled_days=30&limit=50`, `/v1/${l}?stalled_days=365&limit=50`]),
    ...['updated_at', '-updated_at'].flatMap((s) => [`/v1/prospects?sort=${s}&limit=50`]),
    ...['updated_at', '-updated_at', '-amount', 'expected_close_date'].map(
      (s) => `/v1/opportunities?sort=${s}&limit=50`,
    ),
    `/v1/opportunities?stage=negotiation&sort=-amount&limit=50`,
  ]
}

/** Times `runs` calls, prints the chosen quantile, and EXPLAINs the call's slowest statement once. */
async function timed(
  path: string,
  call: (path: string) => Promise<string>,
  runs: number,
  quantile: number,
  seen: Captured[] & { on?: boolean },
  db: Database,
  log: (line: string) => void,
): Promise<number> {
  await call(path)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await call(path)
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const figure = pct(times, quantile)
  const label = quantile === 0.5 ? 'median' : `p${Math.round(quantile * 100)}`
  log(
    `insight: ${path} ${label} ${figure.toFixed(1)} ms (min ${times[0]!.toFixed(1)}, max ${times.at(-1)!.toFixed(1)}; load ${load()})`,
  )
  seen.length = 0
  seen.on = true
  await call(path)
  seen.on = false
  await explainSlowest([...seen], db, log)
  return figure
}

async function explainSlowest(statements: Captured[], db: Database, log: (line: string) => void): Promise<void> {
  const client = await (db as unknown as { $client: pg.Pool }).$client.connect()
  let slowest: { ms: number; plan: string[] } | undefined
  // The reports run with 64 MB of work_mem (reportRows): their plans are explained with it too.
  await client.query(`set work_mem = '64MB'`)
  for (const s of statements) {
    if (!/^\s*(with|select)/i.test(s.text)) continue
    const res = await client.query(`explain (analyze, buffers) ${s.text}`, s.params)
    const plan = res.rows.map((r: Record<string, string>) => r['QUERY PLAN']!)
    const ms = Number(/Execution Time: ([\d.]+)/.exec(plan.at(-1) ?? '')?.[1] ?? 0)
    if (slowest === undefined || ms > slowest.ms) slowest = { ms, plan }
  }
  await client.query('reset work_mem')
  client.release()
  if (slowest !== undefined && slowest.ms > 20) log(slowest.plan.map((l) => '    ' + l).join('\n'))
  else if (slowest !== undefined) log(`    (slowest statement ${slowest.ms.toFixed(1)} ms)`)
}

/**
 * A new active rubric version with the engagement and timeline weights swapped (20 and 5 in the template), so that the
 * next rescoring changes every open lead's stored score (its version) and moves most totals past the threshold.
 */
async function flipRubric(db: Database, log: (line: string) => void): Promise<void> {
  await db.transaction(async (tx) => {
    const [was] = (
      (await tx.execute(sql`update rubric_versions set active = false where active
        returning workspace_id, rubric_id, version`)) as unknown as { rows: Record<string, unknown>[] }
    ).rows
    const next = sql`(select max(version) + 1 from rubric_versions where rubric_id = ${was!.rubric_id})`
    await tx.execute(sql`
      insert into rubric_versions (workspace_id, rubric_id, version, name, description, definition, active)
      select workspace_id, rubric_id, ${next}, name, description,
        jsonb_set(jsonb_set(definition, '{engagement,weight}', definition #> '{criteria,timeline,weight}'),
          '{criteria,timeline,weight}', definition #> '{engagement,weight}'), true
      from rubric_versions where rubric_id = ${was!.rubric_id} and version = ${was!.version}`)
  })
  log(`insight: a new rubric version swaps the engagement and timeline weights`)
}

/** A rescoring job of the whole workspace over HTTP, with GET /v1/leads/{id} called back to back meanwhile. */
async function rescoreRate(call: (path: string, method?: string) => Promise<string>, log: (line: string) => void) {
  const someLead = JSON.parse(await call('/v1/leads?limit=1')).data[0].id as string
  const rss = process.memoryUsage.rss()
  let peak = rss
  const t0 = performance.now()
  let job = JSON.parse(await call('/v1/jobs/rescore', 'POST'))
  const reads: number[] = []
  let lastPoll = 0
  let lastSample = 0
  while (job.state === 'queued' || job.state === 'running') {
    const r0 = performance.now()
    await call(`/v1/leads/${someLead}`)
    reads.push(performance.now() - r0)
    // Every 20 ms, not per read: even rss() reads /proc (about 60 us), in the same process as the job it measures.
    if (performance.now() - lastSample > 20) {
      lastSample = performance.now()
      peak = Math.max(peak, process.memoryUsage.rss())
    }
    if (performance.now() - lastPoll > 1000) {
      lastPoll = performance.now()
      job = JSON.parse(await call(`/v1/jobs/${job.id}`))
    }
  }
  const seconds = (performance.now() - t0) / 1000
  reads.sort((a, b) => a - b)
  log(
    `insight: rescoring ${job.progress.done} open leads (${job.changed} changed) ${job.state} in ` +
      `${seconds.toFixed(1)} s: ${Math.round(job.progress.done / seconds)} leads/s; GET /v1/leads/{id} meanwhile ` +
      `p50 ${pct(reads, 0.5).toFixed(1)} ms p99 ${pct(reads, 0.99).toFixed(1)} ms (${reads.length} reads); ` +
      `RSS ${Math.round(rss / 2 ** 20)} MB before, peak ${Math.round(peak / 2 ** 20)} MB (load ${load()})`,
  )
}
