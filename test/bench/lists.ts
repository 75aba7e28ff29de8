// `npm run bench lists` (needs DATABASE_URL): seeds one workspace with BENCH_LEADS leads (default 200,000; the issue's
// size is 1,000,000), a third with activities and a ledger row each, in set-based SQL; then times the lead list's sorts
// and filters and the funnel report in-process (no sockets), 40 calls each, and prints p50/p95 and the query plans.
import { sql } from 'drizzle-orm'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { createWorkspace } from '../../src/services/workspaces/create-workspace.js'
import { freshDatabase } from '../helper.js'
import type { BenchResult } from './measure.js'

const CALLS = 40

const LIST_CASES = [
  '/v1/leads?sort=-score&limit=50',
  '/v1/leads?sort=-last_activity_at&limit=50',
  '/v1/leads?sort=updated_at&limit=50',
  '/v1/leads?temperature=hot&limit=50',
  '/v1/leads?temperature=cold&sort=-score&limit=50',
  '/v1/leads?stalled_days=30&limit=50',
  '/v1/leads?last_activity_before=2026-06-01T00:00:00Z&sort=-last_activity_at&limit=50',
]

// Hand-written twins of the repository's statements for the cases above, for EXPLAIN.
const PLANS: Record<string, string> = {
  'sort=-score': `select * from leads where workspace_id = $1 order by coalesce(score_total, -1) desc, id desc limit 51`,
  'temperature=hot': `select * from leads where workspace_id = $1 and coalesce(least(100, engagement_points *
    exp(-ln(2) * extract(epoch from (now() - scored_at)) / 86400 / nullif(engagement_half_life_days, 0))), 0) >= 50
    order by created_at desc, id desc limit 51`,
  'stalled_days=30': `select * from leads where workspace_id = $1 and greatest(created_at, coalesce(last_activity_at,
    '-infinity'::timestamptz)) < now() - interval '30 days' and not exists (select 1 from transitions t where
    t.workspace_id = leads.workspace_id and t.entity_type = 'lead' and t.entity_id = leads.id
    and t.occurred_at >= now() - interval '30 days') order by created_at desc, id desc limit 51`,
}

const p = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!

export async function benchLists(log = console.log): Promise<BenchResult> {
  if (!process.env.DATABASE_URL) throw new Error('bench lists needs DATABASE_URL')
  const n = Number(process.env.BENCH_LEADS ?? 200_000)
  const teardowns: (() => unknown)[] = []
  const database = await freshDatabase({ teardown: (fn) => teardowns.push(fn) })
  const app = await buildApp({ config: { ...loadConfig({}), LOG_LEVEL: 'warn', RATE_LIMIT_MAX: 1e9 }, db: database.db })
  try {
    const { workspace, key } = await database.db.transaction((tx) => createWorkspace(tx, 'bench'))
    const started = performance.now()
    await seed(database.db, workspace.id, n)
    log(`lists: seeded ${n} leads in ${((performance.now() - started) / 1000).toFixed(1)} s (set-based SQL)`)
    const p95s: number[] = []
    for (const url of [...LIST_CASES, '/v1/reports/funnel?from=2026-01-01&to=2026-11-30']) {
      const times: number[] = []
      for (let i = 0; i < CALLS; i++) {
        const t0 = performance.now()
        const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } })
        times.push(performance.now() - t0)
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
      }
      times.sort((a, b) => a - b)
      p95s.push(p(times, 0.95))
      log(`lists: ${url} p50 ${p(times, 0.5).toFixed(1)} ms p95 ${p(times, 0.95).toFixed(1)} ms`)
    }
    for (const [name, query] of Object.entries(PLANS)) {
      const plan = await database.db.execute(sql.raw(`explain ${query.replace('$1', `'${workspace.id}'`)}`))
      log(
        `lists: plan for ${name}\n${(plan as unknown as { rows: { 'QUERY PLAN': string }[] }).rows.map((r) => '  ' + r['QUERY PLAN']).join('\n')}`,
      )
    }
    await rescoreRate(app, key, log)
    return { name: 'lists', unit: 'ms p95 (worst case)', runs: p95s, median: Math.max(...p95s) }
  } finally {
    await app.close()
    for (const fn of teardowns.reverse()) await fn()
  }
}

async function seed(db: Parameters<typeof createWorkspace>[0], workspaceId: string, n: number): Promise<void> {
  await db.execute(sql`
    insert into leads (workspace_id, email, source, status, score_total, score_grade, score_decision, scored_at,
      score_rubric_id, score_rubric_version, engagement_points, engagement_half_life_days, created_at, updated_at)
    select ${workspaceId}, 'lead' || i || '@bench.example', (array['webinar','referral','paid_search'])[1 + i % 3],
      (array['new','working','nurturing','qualified'])[1 + i % 4], (i * 7919 % 10000) / 100.0, 'C', 'nurture',
      now() - (i % 90) * interval '1 day', r.rubric_id, r.version, (i % 150)::real, 14, now() - (i % 365) * interval '1 day',
      now() - (i % 200) * interval '1 day'
    from generate_series(1, ${n}) as i,
      (select rubric_id, version from rubric_versions where workspace_id = ${workspaceId} and active) as r`)
  await db.execute(sql`
    insert into activities (workspace_id, lead_id, type, direction, occurred_at)
    select workspace_id, id, 'reply', 'inbound', created_at + (abs(hashtext(id::text)) % 60) * interval '1 day'
    from leads where workspace_id = ${workspaceId} and abs(hashtext(id::text)) % 3 = 0`)
  await db.execute(sql`
    insert into transitions (workspace_id, entity_type, entity_id, action, to_state, occurred_at)
    select workspace_id, 'lead', id, 'create', 'new', created_at from leads where workspace_id = ${workspaceId}`)
  await db.execute(sql`analyze`)
}

type Injectable = Awaited<ReturnType<typeof buildApp>>

/** Times a rescoring job of the seeded workspace, and GET /v1/leads/{id} meanwhile (p99). */
async function rescoreRate(app: Injectable, key: string, log: (line: string) => void): Promise<void> {
  const headers = { authorization: `Bearer ${key}` }
  const someLead = (await app.inject({ method: 'GET', url: '/v1/leads?limit=1', headers })).json().data[0].id
  const t0 = performance.now()
  let job = (await app.inject({ method: 'POST', url: '/v1/jobs/rescore', headers })).json()
  const reads: number[] = []
  while (job.state === 'queued' || job.state === 'running') {
    const r0 = performance.now()
    await app.inject({ method: 'GET', url: `/v1/leads/${someLead}`, headers })
    reads.push(performance.now() - r0)
    job = (await app.inject({ method: 'GET', url: `/v1/jobs/${job.id}`, headers })).json()
  }
  const seconds = (performance.now() - t0) / 1000
  reads.sort((a, b) => a - b)
  log(
    `lists: rescoring ${job.progress.done} open leads ${job.state} in ${seconds.toFixed(1)} s: ` +
      `${Math.round(job.progress.done / seconds)} leads/s; GET /v1/leads/{id} meanwhile p99 ${p(reads, 0.99).toFixed(1)} ms ` +
      `(${reads.length} reads, same process)`,
  )
}
