// Imports that bring activities (in a lead's NDJSON line, or streamed by lead email) and the lead import through a
// stored column mapping; bad rows are reported, never fatal, and a failed row writes nothing.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { CHUNKS_IN_FLIGHT } from '../../src/services/leads/upsert-item.js'
import { CHUNK_ROWS } from '../../src/services/streaming/run-import.js'
import { buildTestApp } from '../helper.js'
import { daysBefore, exampleLead, NOW } from '../fixtures.js'

const ctx = await buildTestApp(t, {}, () => NOW)
const { call } = ctx
const upload = (url: string, contentType: string, payload: string) =>
  ctx.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { authorization: `Bearer ${ctx.adminKey}`, 'content-type': contentType },
  })
const lines = (body: string) =>
  body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l))
const ndjson = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n')
const leadByEmail = async (email: string) =>
  (await call('GET', `/v1/leads?email=${encodeURIComponent(email)}`)).json().data[0]
const activitiesOf = async (id: string) => (await call('GET', `/v1/leads/${id}/activities`)).json().data
const eventsOf = async (entityId: string) =>
  (await call('GET', '/v1/events?limit=100'))
    .json()
    .data.filter((e: { entity_id: string }) => e.entity_id === entityId)
    .map((e: { type: string }) => e.type)

const reply = (days: number) => ({ type: 'reply', direction: 'inbound', occurred_at: daysBefore(days) })
const meeting = (days: number) => ({ type: 'meeting', direction: 'outbound', occurred_at: daysBefore(days) })

t.test('lead import: a line may bring the lead with its past activities, recorded once', async (t) => {
  const lead = { ...exampleLead, email: 'act1@import.io' }
  const plain = { ...exampleLead, email: 'plain1@import.io' }
  const first = await upload(
    '/v1/leads/import',
    'application/x-ndjson',
    ndjson({ ...lead, activities: [reply(3), meeting(40), reply(3)] }, plain),
  )
  t.equal(first.statusCode, 200)
  const out = lines(first.body)
  t.match(out[0], { index: 0, result: 'created', id: String, activities: 2 }, 'a repeat within the row counts once')
  t.notOk('activities' in out[1], 'a row without activities says nothing about them')
  const created = await leadByEmail('act1@import.io')
  const recorded = await activitiesOf(created.id)
  t.same(recorded.map((a: { occurred_at: string }) => a.occurred_at).sort(), [daysBefore(40), daysBefore(3)])
  t.ok(created.score.total > (await leadByEmail('plain1@import.io')).score.total, 'scored with its activities')
  t.same(await eventsOf(created.id), ['lead.created'], 'one event for the lead')
  t.equal(created.status, 'new', 'history does not move the lifecycle')

  const again = await upload(
    '/v1/leads/import',
    'application/x-ndjson',
    ndjson({ ...lead, activities: [meeting(40), reply(3)] }),
  )
  t.same(lines(again.body), [
    { index: 0, line: 1, result: 'unchanged', id: created.id, activities: 0 },
    { summary: { created: 0, updated: 0, unchanged: 1, error: 0 } },
  ])
  const more = await upload(
    '/v1/leads/import',
    'application/x-ndjson',
    ndjson({ ...lead, email: 'ACT1@import.io', activities: [reply(1), reply(3)] }),
  )
  t.same(lines(more.body)[0], { index: 0, line: 1, result: 'updated', id: created.id, activities: 1 })
  const updated = await leadByEmail('act1@import.io')
  t.equal((await activitiesOf(created.id)).length, 3)
  t.ok(updated.score.total >= created.score.total, 'rescored with the new activity')
  t.equal(updated.version, created.version + 1)
})

t.test('lead import: a row with a bad activity is its own error and writes nothing', async (t) => {
  const existing = (await call('POST', '/v1/leads', { body: { email: 'kept@import.io', title: 'CTO' } })).json()
  const res = await upload(
    '/v1/leads/import',
    'application/x-ndjson',
    ndjson(
      { email: 'bad1@import.io', activities: [reply(2), { ...reply(1), type: 'fax' }] },
      { email: 'kept@import.io', title: 'CEO', activities: [{ ...reply(1), occurred_at: 'yesterday' }] },
      { email: 'bad2@import.io', activities: { type: 'reply' } },
      { email: 'good@import.io', activities: [reply(5)] },
    ),
  )
  const out = lines(res.body)
  t.match(out[0], { result: 'error', errors: [{ pointer: '/activities/1/type' }] })
  t.match(out[1], { result: 'error', errors: [{ pointer: '/activities/0/occurred_at' }] })
  t.match(out[2], { result: 'error', errors: [{ pointer: '/activities' }] })
  t.match(out[3], { result: 'created', activities: 1 })
  t.same(out[4], { summary: { created: 1, updated: 0, unchanged: 0, error: 3 } })
  t.notOk(await leadByEmail('bad1@import.io'), 'no lead without its activities')
  const kept = await leadByEmail('kept@import.io')
  t.equal(kept.title, 'CTO', 'the lead is not changed when its activities are refused')
  t.equal(kept.version, existing.version)
  t.same(await activitiesOf(kept.id), [])
  t.same(await eventsOf(kept.id), ['lead.created'])
})

t.test('activities import (NDJSON): keyed by email, recorded once, unknown emails reported per row', async (t) => {
  const lead = (await call('POST', '/v1/leads', { body: { ...exampleLead, email: 'feed@import.io' } })).json()
  const res = await upload(
    '/v1/activities/import',
    'application/x-ndjson',
    [
      JSON.stringify({ email: 'FEED@import.io', ...reply(4), metadata: { campaign: 'spring' } }),
      JSON.stringify({ email: 'nobody@import.io', ...reply(4) }),
      '{"email": "feed@import.io", ',
      JSON.stringify({ email: 'feed@import.io', ...reply(4), type: 'fax' }),
      JSON.stringify({ email: 'feed@import.io', ...meeting(20) }),
      JSON.stringify({ email: 'feed@import.io', ...reply(4) }),
    ].join('\n'),
  )
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/x-ndjson')
  const out = lines(res.body)
  const recorded = await activitiesOf(lead.id)
  const replyRow = recorded.find((a: { type: string }) => a.type === 'reply')
  t.same(out[0], { index: 0, line: 1, result: 'created', id: replyRow.id, lead_id: lead.id })
  t.same(replyRow.metadata, { campaign: 'spring' })
  t.same(out[1], {
    index: 1,
    line: 2,
    result: 'error',
    errors: [{ pointer: '/email', detail: 'no lead has the email nobody@import.io' }],
  })
  t.match(out[2], { index: 2, result: 'error', errors: [{ pointer: '/', detail: /^not valid JSON/ }] })
  t.match(out[3], { index: 3, result: 'error', errors: [{ pointer: '/type' }] })
  t.match(out[4], { index: 4, result: 'created', lead_id: lead.id })
  t.same(out[5], { index: 5, line: 6, result: 'unchanged', id: replyRow.id, lead_id: lead.id })
  t.same(out[6], { summary: { created: 2, unchanged: 1, error: 3 } })
  t.equal(recorded.length, 2)
  const after = await leadByEmail('feed@import.io')
  t.ok(after.score.total > lead.score.total, 'the lead is rescored')
  const events = await eventsOf(lead.id)
  t.same(events.at(-1), 'lead.created')
  t.ok(events.length >= 2 && events.slice(0, -1).every((e: string) => e === 'lead.updated'), 'rescored: lead.updated')
})

t.test('activities import (CSV): header checked first, metadata columns, bad rows reported', async (t) => {
  const lead = (await call('POST', '/v1/leads', { body: { email: 'csvfeed@import.io' } })).json()
  const bad = await upload('/v1/activities/import', 'text/csv', 'email,type,colour\ncsvfeed@import.io,reply,red\n')
  t.equal(bad.statusCode, 400)
  t.same(
    bad.json().errors.map((e: { pointer: string }) => e.pointer),
    ['/columns/2', '/columns', '/columns'],
    'an unknown column; direction and occurred_at missing',
  )
  const res = await upload(
    '/v1/activities/import',
    'text/csv',
    [
      'email,type,direction,occurred_at,metadata.campaign',
      `csvfeed@import.io,page_view,inbound,${daysBefore(2)},spring`,
      `csvfeed@import.io,page_view,inbound`,
      `csvfeed@import.io,page_view,sideways,${daysBefore(2)},`,
      `ghost@import.io,page_view,inbound,${daysBefore(2)},`,
      `csvfeed@import.io,call,inbound,${daysBefore(1)},`,
    ].join('\n'),
  )
  const out = lines(res.body)
  t.match(out, [
    { index: 0, line: 2, result: 'created', lead_id: lead.id },
    { index: 1, line: 3, result: 'error', errors: [{ detail: 'the row has 3 cells; the header has 5' }] },
    { index: 2, result: 'error', errors: [{ pointer: '/direction' }] },
    { index: 3, result: 'error', errors: [{ pointer: '/email' }] },
    { index: 4, result: 'created' },
    { summary: { created: 2, unchanged: 0, error: 3 } },
  ])
  const recorded = await activitiesOf(lead.id)
  t.same(recorded.map((a: { metadata: unknown }) => JSON.stringify(a.metadata)).sort(), [
    'null',
    '{"campaign":"spring"}',
  ])
  t.notOk(await leadByEmail('ghost@import.io'), 'an unknown email creates no lead')
})

t.test("lead import with mapping_id: a team's own columns fill typed attributes", async (t) => {
  const mapping = await call('POST', '/v1/column-mappings', {
    body: {
      name: 'crm export',
      definition: {
        columns: {
          'E-mail': 'email',
          Job: 'title',
          Visits: { to: 'attributes.website_visits', type: 'number' },
          'Minutes on site': { to: 'attributes.time_on_site', type: 'number' },
          Newsletter: { to: 'attributes.newsletter', type: 'boolean' },
          Course: 'attributes.course_interest',
          Notes: 'ignore',
        },
        null_values: ['Select'],
      },
    },
  })
  t.equal(mapping.statusCode, 201)
  const id = mapping.json().id
  const url = `/v1/leads/import?mapping_id=${id}`
  const res = await upload(
    url,
    'text/csv',
    [
      'E-mail,Job,Visits,Minutes on site,Newsletter,Course,Notes',
      'm1@import.io,CTO,12,3.5,Yes,Data Science,call back',
      'm2@import.io,,lots,1,no,Select,',
      'm3@import.io,,0,,0,Select,',
      'not-an-email,,1,1,yes,,',
    ].join('\n'),
  )
  t.equal(res.statusCode, 200)
  const out = lines(res.body)
  t.match(out, [
    { index: 0, result: 'created' },
    { index: 1, result: 'error', errors: [{ pointer: '/', detail: 'column "Visits": "lots" is not a number' }] },
    { index: 2, result: 'created' },
    { index: 3, result: 'error', errors: [{ pointer: '/email' }] },
    { summary: { created: 2, updated: 0, unchanged: 0, error: 2 } },
  ])
  t.match(await leadByEmail('m1@import.io'), {
    title: 'CTO',
    attributes: { website_visits: 12, time_on_site: 3.5, newsletter: true, course_interest: 'Data Science' },
  })
  t.same((await leadByEmail('m3@import.io')).attributes, { website_visits: 0, newsletter: false })
  t.notOk(await leadByEmail('m2@import.io'), 'a row with a cell that cannot be typed writes nothing')

  const header = await upload(url, 'text/csv', 'E-mail,Colour\nm4@import.io,red\n')
  t.match(header.json(), { status: 400, errors: [{ pointer: '/columns/1' }] })
  const unknown = await upload(
    '/v1/leads/import?mapping_id=00000000-0000-4000-8000-000000000000',
    'text/csv',
    'E-mail\nm5@import.io\n',
  )
  t.equal(unknown.statusCode, 404)
  const nd = await upload(url, 'application/x-ndjson', '{"email":"m6@import.io"}')
  t.match(nd.json(), { status: 400, errors: [{ pointer: '/mapping_id' }] })
  t.notOk(await leadByEmail('m4@import.io'))
  t.notOk(await leadByEmail('m6@import.io'))
})

t.test('a row the database refuses fails alone: the set is written again row by row, the others land', async (t) => {
  // A trigger stands in for any refusal PostgreSQL may have for one row of a multi-row insert.
  const { db } = ctx.database
  await db.execute(
    sql.raw(`create function refuse_lead() returns trigger language plpgsql as $$ begin
      if new.title = 'refused' then raise exception 'refused by the test' using errcode = 'check_violation'; end if;
      return new; end $$`),
  )
  await db.execute(
    sql.raw('create trigger refuse_lead before insert on leads for each row execute function refuse_lead()'),
  )
  t.teardown(async () => {
    await db.execute(sql.raw('drop trigger refuse_lead on leads'))
    await db.execute(sql.raw('drop function refuse_lead()'))
  })
  const body = ndjson(
    { email: 'set1@import.io', activities: [reply(2)] },
    { email: 'set2@import.io', title: 'refused', activities: [reply(2)] },
    { email: 'set3@import.io' },
  )
  const out = lines((await upload('/v1/leads/import', 'application/x-ndjson', body)).body)
  t.match(out, [
    { index: 0, result: 'created', activities: 1 },
    { index: 1, result: 'error', errors: [{ pointer: '/', detail: /refused by the test/ }] },
    { index: 2, result: 'created' },
    { summary: { created: 2, updated: 0, unchanged: 0, error: 1 } },
  ])
  const splits = ctx.logs.lines.filter((l) => l.msg === 'a batch of leads was refused; its halves are written again')
  t.match(
    splits,
    [
      { level: 40, rows: 3, cause: { code: '23514', message: /refused by the test/ } },
      { level: 40, rows: 2, cause: { code: '23514' } },
    ],
    "each split is logged as a warning with the database's reason: the set of three, then its first half",
  )
  t.equal(splits.length, 2, 'and only those')
  t.notOk(await leadByEmail('set2@import.io'), 'the refused row wrote nothing')
  for (const email of ['set1@import.io', 'set3@import.io']) {
    const lead = await leadByEmail(email)
    t.same(
      (await eventsOf(lead.id)).filter((e: string) => e.startsWith('lead.')),
      ['lead.created'],
      `${email}: one lead event`,
    )
  }
  const again = lines((await upload('/v1/leads/import', 'application/x-ndjson', body)).body)
  t.same(
    again.at(-1),
    { summary: { created: 0, updated: 0, unchanged: 2, error: 1 } },
    'importing again changes nothing',
  )
  t.equal((await activitiesOf((await leadByEmail('set1@import.io')).id)).length, 1)
})

/** Every event of a type, newest first, page after page. */
async function allEvents(type: string): Promise<{ seq: number; data: { email: string } }[]> {
  const all = []
  let cursor = ''
  do {
    const page = (await call('GET', `/v1/events?limit=100&type=${type}${cursor}`)).json()
    all.push(...page.data)
    cursor = page.next_cursor === null ? '' : `&starting_after=${page.next_cursor}`
  } while (cursor !== '')
  return all
}

t.test(
  'chunks of many rows: one event per created lead, in row order but for chunks written side by side',
  async (t) => {
    // More chunks than are written side by side, so some must wait for others.
    const total = (CHUNKS_IN_FLIGHT + 2) * CHUNK_ROWS
    const rows = Array.from({ length: total }, (_, i) => ({ email: `bulk${i}@import.io`, title: `T${i}` }))
    const out = lines((await upload('/v1/leads/import', 'application/x-ndjson', ndjson(...rows))).body)
    t.same(out.at(-1), { summary: { created: total, updated: 0, unchanged: 0, error: 0 } })
    // Past 1,000 new leads the import refreshes the planner's statistics of leads (nothing else analyzes it here).
    const [table] = (
      (await ctx.database.db.execute(
        sql`select reltuples::float8 as rows from pg_class where oid = 'leads'::regclass`,
      )) as unknown as { rows: { rows: number }[] }
    ).rows
    t.ok(Number(table!.rows) >= 1000, `leads analyzed during the import: ${table!.rows} rows seen`)
    const created = (await allEvents('lead.created')).filter((e) => e.data.email.startsWith('bulk')).reverse()
    const row = new Map(rows.map((r, i) => [r.email, i]))
    const order = created.map((e) => row.get(e.data.email)!)
    t.same(
      [...order].sort((a, b) => a - b),
      rows.map((_, i) => i),
      'one event per lead',
    )
    // CHUNKS_IN_FLIGHT chunks (of at most CHUNK_ROWS rows) may be written side by side, so their events may
    // interleave; the next starts only once the first has committed. So a row's event follows the events of every row
    // that many chunks before it.
    const apart = CHUNKS_IN_FLIGHT * CHUNK_ROWS
    const late = order.filter((i, at) => order.slice(at + 1).some((j) => j <= i - apart))
    t.same(late, [], `each row's event comes after those of the rows ${apart} or more before it`)
    const latest = (await call('GET', '/v1/events?limit=1')).json().data[0].seq
    const again = lines((await upload('/v1/leads/import', 'application/x-ndjson', ndjson(...rows))).body)
    t.same(again.at(-1), { summary: { created: 0, updated: 0, unchanged: total, error: 0 } })
    t.equal((await call('GET', '/v1/events?limit=1')).json().data[0].seq, latest, 'no event for unchanged rows')
  },
)
