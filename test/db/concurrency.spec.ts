// Concurrency and atomicity on the real database: parallel transitions serialise, and a failure
// between the state change and the ledger write leaves nothing behind. Meaningful on PostgreSQL
// (DATABASE_URL set: a pool of connections); on PGlite the same assertions hold trivially.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead, NOW, replyFrom } from '../fixtures.js'

const ctx = await buildTestApp(t, { RATE_LIMIT_MAX: 10_000 }, () => NOW)
const db = ctx.database.db
const rows = async (query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows
const count = async (query: ReturnType<typeof sql>) => Number((await rows(query))[0]!.n)

async function readyLead(email: string): Promise<string> {
  const lead = (await ctx.call('POST', '/v1/leads', { body: { ...exampleLead, email } })).json()
  await ctx.call('POST', `/v1/leads/${lead.id}/activities`, { body: replyFrom(2) })
  return lead.id
}

t.test('50 parallel qualify calls make one prospect, one ledger row, one event', async (t) => {
  const id = await readyLead('race@acme.io')
  const responses = await Promise.all(
    Array.from({ length: 50 }, () => ctx.call('POST', `/v1/leads/${id}/qualify`, { body: {} })),
  )
  const statuses = responses.map((r) => r.statusCode)
  t.equal(statuses.filter((s) => s === 200).length, 1, 'one winner')
  t.equal(statuses.filter((s) => s === 409).length, 49, 'the others are told the lead is already qualified')
  t.equal(await count(sql`select count(*) as n from prospects where lead_id = ${id}`), 1)
  t.equal(await count(sql`select count(*) as n from transitions where entity_id = ${id} and action = 'qualify'`), 1)
  t.equal(await count(sql`select count(*) as n from events where entity_id = ${id} and type = 'lead.qualified'`), 1)
})

t.test('parallel writes across leads: unique, increasing numbers, every event listed by the feed', async (t) => {
  const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => readyLead(`seq${i}@acme.io`)))
  await Promise.all(
    ids.flatMap((id) => [
      ctx.call('POST', `/v1/leads/${id}/activities`, { body: replyFrom(1) }),
      ctx.call('PATCH', `/v1/leads/${id}`, { body: { owner: 'pat' } }),
    ]),
  )
  const seqs = (await rows(sql`select seq from events where workspace_id = ${ctx.workspaceId} order by seq`)).map((r) =>
    Number(r.seq),
  )
  t.equal(new Set(seqs).size, seqs.length, 'unique numbers')
  const listed = (await ctx.call('GET', '/v1/events?limit=100')).json().data.map((e: { seq: number }) => e.seq)
  t.same(listed, [...seqs].reverse(), 'the feed lists every committed event, newest first')
})

t.test('a failure after the state change and before the ledger write leaves no partial write', async (t) => {
  const id = await readyLead('atomic@acme.io')
  const before = {
    events: await count(sql`select count(*) as n from events`),
    transitions: await count(sql`select count(*) as n from transitions`),
    prospects: await count(sql`select count(*) as n from prospects`),
  }
  // The lead's status is updated first, then the ledger row is inserted: make that insert fail.
  await db.execute(
    sql.raw(`create function fail_qualify() returns trigger language plpgsql as $$
    begin if new.action = 'qualify' then raise exception 'ledger unavailable'; end if; return new; end $$`),
  )
  await db.execute(
    sql.raw('create trigger fail_qualify before insert on transitions for each row execute function fail_qualify()'),
  )

  const failed = await ctx.call('POST', `/v1/leads/${id}/qualify`, { body: {} })
  t.equal(failed.statusCode, 500)
  t.match(failed.headers['content-type'], /problem\+json/)
  t.notMatch(failed.body, /ledger unavailable|transitions|insert/i, 'no SQL or internals in the answer')
  t.equal((await ctx.call('GET', `/v1/leads/${id}`)).json().status, 'working', 'the status change was rolled back')
  t.equal(await count(sql`select count(*) as n from events`), before.events)
  t.equal(await count(sql`select count(*) as n from transitions`), before.transitions)
  t.equal(await count(sql`select count(*) as n from prospects`), before.prospects)

  await db.execute(sql.raw('drop trigger fail_qualify on transitions'))
  t.equal(
    (await ctx.call('POST', `/v1/leads/${id}/qualify`, { body: {} })).statusCode,
    200,
    'and works once the fault is gone',
  )
})

t.test('a lead and its prospect changed at once wait for each other instead of deadlocking', async (t) => {
  const id = await readyLead('tangle@acme.io')
  const { prospect } = (await ctx.call('POST', `/v1/leads/${id}/qualify`, { body: {} })).json()
  const statuses: number[] = []
  for (let round = 0; round < 8; round++) {
    const responses = await Promise.all([
      ctx.call('POST', `/v1/leads/${id}/nurture`, { body: { reason: 'round' } }),
      ctx.call('POST', `/v1/leads/${id}/reopen`, { body: {} }),
      ctx.call('POST', `/v1/leads/${id}/qualify`, { body: {} }),
      ...Array.from({ length: 3 }, (_, i) =>
        ctx.call('POST', `/v1/prospects/${prospect.id}/stakeholders`, {
          body: { name: `S${round}-${i}`, role: 'influencer' },
        }),
      ),
      ctx.call('PATCH', `/v1/prospects/${prospect.id}`, { body: { notes: `round ${round}` } }),
    ])
    statuses.push(...responses.map((r) => r.statusCode))
  }
  t.same(
    statuses.filter((s) => s >= 500),
    [],
    'no request failed on a deadlock',
  )
})
