// Planner statistics where no autovacuum keeps them: an import leaves its tables analyzed for the size they reached,
// and a check with nothing grown analyzes nothing. Where autovacuum runs (a server with it on) nothing is done.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { freshenStatistics } from '../../src/db/repositories/statistics.js'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const db = ctx.database.db
const one = async <T>(query: ReturnType<typeof sql>) => (await db.execute(query)).rows[0] as T
const launcher = await one<{ on: boolean }>(
  sql`select exists (select 1 from pg_stat_activity where backend_type = 'autovacuum launcher') as on`,
)

t.test('an import leaves the tables it grew analyzed; nothing grown, nothing analyzed', async (t) => {
  const before = await one<{ reltuples: number }>(sql`select reltuples from pg_class where relname = 'leads'`)
  t.ok(before.reltuples < 1, 'no statistics on the empty table to begin with')
  const rows = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ email: `stats${i}@import.io`, title: 'CTO' }))
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/v1/leads/import',
    payload: rows.join('\n'),
    headers: { authorization: `Bearer ${ctx.adminKey}`, 'content-type': 'application/x-ndjson' },
  })
  t.equal(res.statusCode, 200)
  const leads = await one<{ reltuples: number }>(sql`select reltuples from pg_class where relname = 'leads'`)
  if (launcher.on) {
    t.same(await freshenStatistics(db), [], 'autovacuum runs here: left to it')
    return
  }
  // Analyzed after each chunk that grew it by a tenth: the last 200 rows may not have, the first 1,000 have.
  t.ok(leads.reltuples >= 1000, `the planner knows about the leads the import wrote (${leads.reltuples})`)
  t.same(await freshenStatistics(db), [], 'nothing has grown since')
  await db.execute(sql`insert into activities (id, workspace_id, lead_id, type, direction, occurred_at, created_at)
    select gen_random_uuid(), l.workspace_id, l.id, 'email_opened', 'inbound', now(), now() from leads l`)
  // Each activity also rewrote its lead's last_activity_at, so leads grew in pages too.
  t.same(await freshenStatistics(db), ['activities', 'leads'], 'the tables that grew by a tenth are analyzed')
  const activities = await one<{ reltuples: number }>(sql`select reltuples from pg_class where relname = 'activities'`)
  t.equal(activities.reltuples, 1200)
})
