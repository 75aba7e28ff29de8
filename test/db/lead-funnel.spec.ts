// lead_funnel and opportunity_stays (the reports' summaries, kept by triggers) against the same facts recomputed here straight
// from the ledger, after forward and backward moves (nurture, disqualify, reopen, an opportunity moved back, lost and
// reopened), two opportunities of one prospect moved at once, an owner change, a deletion and an import with past times.
import { sql } from 'drizzle-orm'
import t, { type Test } from 'tap'
import { exampleLead, replyFrom } from '../fixtures.js'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const post = async (url: string, body: unknown = {}) => {
  const res = await ctx.call('POST', url, { body })
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}
const lead = async (email: string) => (await post('/v1/leads', { ...exampleLead, email })).id as string
const buyer = { name: 'Buyer', role: 'economic_buyer' }
const deal = (n: number) => ({
  name: `deal ${n}`,
  amount: '100.00',
  currency: 'EUR',
  expected_close_date: '2027-01-31',
})

// The facts of every lead of the workspace, from its own ledger and its opportunities' ledgers only.
const fromLedger = (workspaceId: string) => sql`
  with lead_ledger as (
    select l.id,
      min(t.occurred_at) filter (where t.to_state = 'working') as working_at,
      min(t.occurred_at) filter (where t.to_state = 'qualified') as qualified_at,
      coalesce(bool_or(t.to_state = 'nurturing'), false) as nurtured,
      coalesce(bool_or(t.to_state = 'disqualified'), false) as disqualified,
      count(t.*) filter (where t.action = 'nurture')::int as nurture_moves,
      count(t.*) filter (where t.action = 'reopen')::int as reopen_moves,
      (array_agg(t.evaluation->>'grade' order by t.occurred_at, t.seq) filter (where t.action = 'qualify'))[1] as grade,
      (array_agg(t.rubric_id::text || ':' || t.rubric_version order by t.occurred_at, t.seq)
        filter (where t.action = 'create'))[1] as rubric
    from leads l left join transitions t on t.workspace_id = l.workspace_id and t.entity_type = 'lead'
      and t.entity_id = l.id
    where l.workspace_id = ${workspaceId}
    group by l.id
  ), stages(s, n) as (
    values ('prospecting', 1), ('qualification', 2), ('needs_analysis', 3), ('proposal', 4), ('negotiation', 5)
  ), opportunity_ledger as (
    select p.lead_id as id,
      min(t.occurred_at) filter (where t.action = 'create') as opportunity_at,
      min(t.occurred_at) filter (where t.to_state = 'closed_won') as won_at,
      bool_or(t.to_state = 'closed_lost') as lost,
      count(*) filter (where t.action = 'reopen')::int as reopen_moves,
      count(*) filter (where t.action = 'stage' and (select n from stages where s = t.to_state)
        < (select n from stages where s = t.from_state))::int as back_moves
    from prospects p
    join opportunities o on o.workspace_id = p.workspace_id and o.prospect_id = p.id
    join transitions t on t.workspace_id = o.workspace_id and t.entity_type = 'opportunity' and t.entity_id = o.id
    where p.workspace_id = ${workspaceId}
    group by p.lead_id
  )
  select l.id as lead_id, l.created_at, l.source, l.owner, ll.rubric, ll.grade, ll.working_at, ll.qualified_at,
    ol.opportunity_at, ol.won_at, ll.nurtured, ll.disqualified, coalesce(ol.lost, false) as lost,
    ll.nurture_moves as lead_nurture_moves, ll.reopen_moves as lead_reopen_moves,
    coalesce(ol.back_moves, 0) as opportunity_stage_back_moves, coalesce(ol.reopen_moves, 0) as opportunity_reopen_moves
  from leads l join lead_ledger ll on ll.id = l.id left join opportunity_ledger ol on ol.id = l.id
  where l.workspace_id = ${workspaceId}
  order by l.id`

const summary = (workspaceId: string) => sql`
  select lead_id, created_at, source, owner, rubric, grade, working_at, qualified_at, opportunity_at, won_at, nurtured,
    disqualified, lost, lead_nurture_moves, lead_reopen_moves, opportunity_stage_back_moves, opportunity_reopen_moves
  from lead_funnel where workspace_id = ${workspaceId} order by lead_id`

// Every stay of every opportunity, from the ledger: a transition into a stage until the next one.
const staysFromLedger = (workspaceId: string) => sql`
  select entity_id as opportunity_id, seq, to_state as stage, occurred_at as entered_at,
    lead(to_state) over w as next_stage, lead(occurred_at) over w as left_at,
    not exists (select 1 from transitions e where e.workspace_id = t.workspace_id and e.entity_id = t.entity_id
      and e.to_state = t.to_state and (e.occurred_at, e.seq) < (t.occurred_at, t.seq)) as first_visit,
    (select o.stage from opportunities o where o.workspace_id = t.workspace_id and o.id = t.entity_id) as current_stage
  from transitions t where workspace_id = ${workspaceId} and entity_type = 'opportunity'
  window w as (partition by entity_id order by occurred_at, seq)
  order by 1, 2`
const stays = (workspaceId: string) => sql`
  select opportunity_id, seq, stage, entered_at, next_stage, left_at, first_visit, current_stage
  from opportunity_stays where workspace_id = ${workspaceId} order by 1, 2`

async function agree(t: Test, label: string) {
  const rows = async (q: ReturnType<typeof sql>) =>
    ((await ctx.database.db.execute(q)) as unknown as { rows: unknown[] }).rows
  const expected = await rows(fromLedger(ctx.workspaceId))
  t.ok(expected.length > 0, `${label}: leads to compare`)
  t.same(await rows(summary(ctx.workspaceId)), expected, `${label}: lead_funnel equals the ledger`)
  t.same(await rows(stays(ctx.workspaceId)), await rows(staysFromLedger(ctx.workspaceId)), `${label}: stays too`)
}

t.test('backward moves on leads', async (t) => {
  const a = await lead('a@acme.io')
  await post(`/v1/leads/${a}/activities`, replyFrom(3))
  await post(`/v1/leads/${a}/nurture`, { reason: 'later' })
  await post(`/v1/leads/${a}/reopen`)
  await post(`/v1/leads/${a}/disqualify`, { reason: 'student' })
  await post(`/v1/leads/${a}/reopen`)
  await lead('b@acme.io')
  const c = await lead('c@acme.io')
  await post(`/v1/leads/${c}/qualify`)
  await post(`/v1/leads/${c}/nurture`, { reason: 'no budget yet' })
  await agree(t, 'after lead moves')
})

t.test('opportunities moved back, lost, reopened, two of one prospect at once', async (t) => {
  const d = await lead('d@acme.io')
  const prospect = (await post(`/v1/leads/${d}/qualify`)).prospect.id
  await post(`/v1/prospects/${prospect}/stakeholders`, buyer)
  const o1 = (await post(`/v1/prospects/${prospect}/convert`, deal(1))).opportunity.id
  const o2 = (await post(`/v1/prospects/${prospect}/convert`, deal(2))).opportunity.id
  await post(`/v1/opportunities/${o1}/stage`, { stage: 'proposal' })
  await post(`/v1/opportunities/${o1}/stage`, { stage: 'qualification' })
  await Promise.all([post(`/v1/opportunities/${o1}/lose`, { reason: 'budget' }), post(`/v1/opportunities/${o2}/win`)])
  await post(`/v1/opportunities/${o1}/reopen`, { stage: 'negotiation' })
  await agree(t, 'after opportunity moves')
})

t.test('owner and source changes follow; a deleted lead leaves', async (t) => {
  const e = await lead('e@acme.io')
  const f = await lead('f@acme.io')
  const res = await ctx.call('PATCH', `/v1/leads/${e}`, { body: { owner: 'kim', source: 'referral' } })
  t.equal(res.statusCode, 200, res.body)
  t.equal((await ctx.call('DELETE', `/v1/leads/${f}`)).statusCode, 204)
  await agree(t, 'after an edit and a deletion')
})

t.test('an import with past times', async (t) => {
  const row = {
    lead: { ...exampleLead, email: 'past@acme.io' },
    opportunity: { name: 'Renewal', amount: '1200.00', currency: 'EUR' },
    created_at: '2025-01-10T09:00:00.000Z',
    transitions: [
      { action: 'stage', stage: 'proposal', occurred_at: '2025-02-01T10:00:00.000Z' },
      { action: 'stage', stage: 'qualification', occurred_at: '2025-02-03T10:00:00.000Z' },
      { action: 'lose', reason: 'price', occurred_at: '2025-03-01T10:00:00.000Z' },
      { action: 'reopen', stage: 'negotiation', occurred_at: '2025-03-01T10:00:00.000Z' },
      { action: 'win', occurred_at: '2025-04-01T10:00:00.000Z' },
    ],
  }
  const res = await ctx.call('POST', '/v1/opportunities/import', {
    headers: { 'content-type': 'application/x-ndjson' },
    body: JSON.stringify(row),
  })
  t.equal(res.statusCode, 200, res.body)
  t.match(res.body, /"created"/)
  await agree(t, 'after an import')
})

// PL/pgSQL keeps the plan of a statement's first call on a connection; nothing replans it as the tables grow where no
// ANALYZE runs (PGlite, a server with autovacuum off). The trigger statements that find the rows a statement wrote by
// key are planned at each call instead (migration 0027).
t.test('the triggers find rows by key on a connection that first ran them on small tables', async (t) => {
  const { workspaceId } = await ctx.newWorkspace('plans')
  class RolledBack extends Error {}
  // One transaction: one connection, whose first calls cache what PL/pgSQL caches; rolled back, so nothing stays.
  const outcome = await ctx.database.db
    .transaction(async (tx) => {
      const run = async <R>(q: ReturnType<typeof sql>) => ((await tx.execute(q)) as unknown as { rows: R[] }).rows
      const scans = async () =>
        Object.fromEntries(
          (
            await run<{ relname: string; seq_scan: string }>(
              sql`select relname, seq_scan from pg_stat_xact_user_tables`,
            )
          ).map((r) => [r.relname, Number(r.seq_scan)]),
        )
      // What writes do to the ledger's summaries: with `deals`, leads given a prospect (written directly) and an
      // opportunity, created then moved a stage on; then the leads created, an activity each, each moved to working.
      const writes = async (prefix: string, n: number, deals: boolean) => {
        const ids = (
          await run<{ id: string }>(sql`insert into leads (workspace_id, email)
            select ${workspaceId}, ${prefix} || g || '@plans.example' from generate_series(1, ${n}) as g returning id`)
        ).map((r) => r.id)
        const scanned: Record<string, number> = {}
        const step = async (name: string, q: ReturnType<typeof sql>) => {
          const before = await scans()
          await run(q)
          const after = await scans()
          for (const table of Object.keys(after)) {
            const more = after[table]! - (before[table] ?? 0)
            if (more > 0) scanned[`${name} ${table}`] = more
          }
        }
        const each = sql`from unnest(${`{${ids.join(',')}}`}::uuid[]) as u(id)`
        // A ledger row for each id of `rows`: a creation when `from` is null, else a move.
        const ledger = (entity: string, action: string, from: string | null, to: string, rows: typeof each) =>
          sql`insert into transitions (workspace_id, entity_type, entity_id, action, from_state, to_state)
          select ${workspaceId}, ${entity}, id, ${action}, ${from}::text, ${to} ${rows}`
        if (deals) {
          const opportunities = (
            await run<{ id: string }>(sql`with p as (
              insert into prospects (workspace_id, lead_id, qualification, rubric_id, rubric_version)
              select ${workspaceId}, id, '{}'::jsonb, gen_random_uuid(), 1 ${each} returning id)
            insert into opportunities (workspace_id, prospect_id, name, amount, currency)
            select ${workspaceId}, id, 'deal', 100, 'EUR' from p returning id`)
          ).map((r) => r.id)
          const deal = sql`from unnest(${`{${opportunities.join(',')}}`}::uuid[]) as u(id)`
          await step('deal', ledger('opportunity', 'create', null, 'prospecting', deal))
          await step('stage', ledger('opportunity', 'stage', 'prospecting', 'qualification', deal))
        }
        await step('create', ledger('lead', 'create', null, 'new', each))
        await step(
          'activity',
          sql`insert into activities (workspace_id, lead_id, type, direction, occurred_at)
          select ${workspaceId}, id, 'reply', 'inbound', now() ${each}`,
        )
        await step('move', ledger('lead', 'work', 'new', 'working', each))
        return scanned
      }
      // Forget plans made by earlier calls on this connection, so that the next calls plan as first ones do.
      await run(sql`discard plans`)
      // Chunks while the tables are small: a hash join over a whole table is the cheaper plan then.
      await writes('first-', 500, true)
      await writes('grown-', 20_000, false)
      const later = await writes('later-', 10, true)
      // A chunk of an import once the planner knows the table is large: a hash join still looked cheaper than 500
      // probes by key, and read all of leads at every chunk (migration 0028).
      await run(sql`analyze leads`)
      const chunk = await writes('chunk-', 500, false)
      const funnel = await run<{ n: number }>(
        sql`select count(*)::int as n from lead_funnel where workspace_id = ${workspaceId}`,
      )
      throw new RolledBack(JSON.stringify({ later, chunk, funnel: funnel[0]!.n }))
    })
    .catch((error: unknown) => {
      if (error instanceof RolledBack)
        return JSON.parse(error.message) as { later: object; chunk: Record<string, number>; funnel: number }
      throw error
    })
  t.equal(outcome.funnel, 21_010, 'every lead has its funnel row')
  t.same(outcome.later, {}, 'ten new leads, their activities, moves and deals read no table whole')
  t.same(outcome.chunk, {}, 'nor do 500 at once among 20,000')
})
