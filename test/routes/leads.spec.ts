// Leads over HTTP: create, duplicates, upsert, read-only fields, lists with filters and cursors, delete, activities.
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead, NOW, replyFrom } from '../fixtures.js'

const ctx = await buildTestApp(t, {}, () => NOW)
const { call } = ctx
const post = (url: string, body: unknown) => call('POST', url, { body })

t.test('a duplicate email is 409 carrying the existing id, whatever its case', async (t) => {
  const first = (await post('/v1/leads', { email: 'dup@acme.io' })).json()
  const again = await post('/v1/leads', { email: 'DUP@Acme.io' })
  t.equal(again.statusCode, 409)
  t.match(again.json(), { code: 'DUPLICATE_LEAD', existing_id: first.id })
})

t.test('a created lead comes with its ledger row and a lead.created event carrying the lead as answered', async (t) => {
  const created = await post('/v1/leads', { ...exampleLead, email: 'recorded@acme.io' })
  t.equal(created.statusCode, 201)
  const lead = created.json()
  const events = (await call('GET', '/v1/events?type=lead.created&limit=100')).json().data
  const event = events.find((e: { entity_id: string }) => e.entity_id === lead.id)
  t.same(event.data, lead, 'the payload is the answer, database-filled fields included')
  t.same(event.data, (await call('GET', `/v1/leads/${lead.id}`)).json())
  const history = (await call('GET', `/v1/leads/${lead.id}/history`)).json()
  t.match(history.data, [
    {
      action: 'create',
      from: null,
      to: 'new',
      rubric: { id: lead.score.rubric_id, version: lead.score.rubric_version },
      evaluation: { total: lead.score.total },
    },
  ])
  t.equal(history.data.length, 1)
})

t.test('upsert by email: created, updated, unchanged', async (t) => {
  const created = await post('/v1/leads/upsert', { email: 'up@acme.io', title: 'Analyst' })
  t.equal(created.statusCode, 201)
  t.equal(created.json().result, 'created')
  const updated = await post('/v1/leads/upsert', { email: 'UP@acme.io', title: 'Director', seniority: 'director' })
  t.equal(updated.statusCode, 200)
  t.match(updated.json(), {
    result: 'updated',
    lead: { id: created.json().lead.id, title: 'Director', seniority: 'director', email: 'up@acme.io' },
  })
  const unchanged = await post('/v1/leads/upsert', { email: 'up@acme.io', title: 'Director' })
  t.match(unchanged.json(), { result: 'unchanged', lead: { version: updated.json().lead.version } })
})

t.test('PATCH edits and rescores; status, score and version are not writable', async (t) => {
  const lead = (await post('/v1/leads', { email: 'patch@acme.io' })).json()
  const patched = await call('PATCH', `/v1/leads/${lead.id}`, {
    body: { budget: exampleLead.budget, title: 'Head of Ops' },
  })
  t.equal(patched.statusCode, 200)
  t.ok(patched.json().score.total > lead.score.total, 'new facts change the score')
  const cleared = await call('PATCH', `/v1/leads/${lead.id}`, { body: { title: null } })
  t.notOk('title' in cleared.json(), 'null clears a field')
  for (const field of ['status', 'score', 'version']) {
    const res = await call('PATCH', `/v1/leads/${lead.id}`, { body: { [field]: 'qualified' } })
    t.equal(res.statusCode, 400, `${field} is rejected`)
    t.match(res.json().errors, [{ pointer: `/${field}` }])
  }
  const noCurrency = await call('PATCH', `/v1/leads/${lead.id}`, { body: { budget: { amount: '5000.00' } } })
  t.equal(noCurrency.statusCode, 400, 'an amount needs its currency')
  t.match(noCurrency.json().errors, [{ pointer: '/budget/currency' }])
  const taken = await call('PATCH', `/v1/leads/${lead.id}`, { body: { email: 'dup@acme.io' } })
  t.equal(taken.statusCode, 409)
})

t.test('lists: filters, newest first, cursor pagination, empty search is 200', async (t) => {
  for (let i = 0; i < 5; i++) await post('/v1/leads', { email: `page${i}@acme.io`, source: 'referral', owner: 'kim' })
  const first = (await call('GET', '/v1/leads?source=referral&limit=2')).json()
  t.equal(first.data.length, 2)
  t.equal(first.has_more, true)
  t.equal(first.data[0].email, 'page4@acme.io', 'newest first')
  const second = (await call('GET', `/v1/leads?source=referral&limit=2&starting_after=${first.next_cursor}`)).json()
  const third = (await call('GET', `/v1/leads?source=referral&limit=2&starting_after=${second.next_cursor}`)).json()
  t.same(
    [...first.data, ...second.data, ...third.data].map((l: { email: string }) => l.email),
    ['page4@acme.io', 'page3@acme.io', 'page2@acme.io', 'page1@acme.io', 'page0@acme.io'],
  )
  t.equal(third.has_more, false)
  t.equal(third.next_cursor, null)

  const byEmail = (await call('GET', '/v1/leads?email=PAGE3@acme.io')).json().data
  t.same(
    byEmail.map((l: { email: string }) => l.email),
    ['page3@acme.io'],
  )
  const none = await call('GET', '/v1/leads?email=nobody@nowhere.example')
  t.equal(none.statusCode, 200)
  t.same(none.json().data, [])
  t.equal((await call('GET', '/v1/leads?owner=kim&status=new')).json().data.length, 5)
  const scored = (await call('GET', '/v1/leads?score_min=0&score_max=100&limit=100')).json().data
  t.ok(scored.length >= 5)
  const gone = (await post('/v1/leads', { email: 'cursor@acme.io' })).json()
  await call('DELETE', `/v1/leads/${gone.id}`)
  const stale = await call('GET', `/v1/leads?starting_after=${gone.id}`)
  t.equal(stale.statusCode, 404, 'a cursor naming a deleted item is an error, not a silently empty page')
  t.equal((await call('GET', '/v1/leads?limit=0')).statusCode, 400)
  t.equal((await call('GET', '/v1/leads?limit=101')).statusCode, 400)
  t.equal((await call('GET', '/v1/leads?colour=red')).statusCode, 400)
})

t.test('activities: recorded, listed, and a fresh qualification as of a time', async (t) => {
  const lead = (await post('/v1/leads', { ...exampleLead, email: 'act@acme.io' })).json()
  for (const days of [10, 5, 1]) await post(`/v1/leads/${lead.id}/activities`, replyFrom(days))
  const list = (await call('GET', `/v1/leads/${lead.id}/activities`)).json()
  t.equal(list.data.length, 3)
  const now = (await call('GET', `/v1/leads/${lead.id}/qualification`)).json()
  const later = (await call('GET', `/v1/leads/${lead.id}/qualification?as_of=2027-06-01T00:00:00Z`)).json()
  t.equal(now.engagement.activities.length, 3)
  t.ok(later.engagement.score < now.engagement.score, 'engagement decays')
  t.equal(
    (
      await post(`/v1/leads/${lead.id}/activities`, {
        type: 'telepathy',
        direction: 'inbound',
        occurred_at: NOW.toISOString(),
      })
    ).statusCode,
    400,
  )
})

t.test('delete: a lead without prospect goes; one with a prospect stays', async (t) => {
  const lead = (await post('/v1/leads', { email: 'gone@acme.io' })).json()
  t.equal((await call('DELETE', `/v1/leads/${lead.id}`)).statusCode, 204)
  t.equal((await call('GET', `/v1/leads/${lead.id}`)).statusCode, 404)
  const kept = (await post('/v1/leads', { ...exampleLead, email: 'kept@acme.io' })).json()
  await post(`/v1/leads/${kept.id}/activities`, replyFrom(1))
  await post(`/v1/leads/${kept.id}/qualify`, {})
  t.equal((await call('DELETE', `/v1/leads/${kept.id}`)).statusCode, 409)
})

t.test('another workspace sees none of it', async (t) => {
  const other = await ctx.newWorkspace('Other')
  const lead = (await post('/v1/leads', { email: 'private@acme.io' })).json()
  t.equal((await call('GET', `/v1/leads/${lead.id}`, { key: other.adminKey })).statusCode, 404)
  t.equal((await call('PATCH', `/v1/leads/${lead.id}`, { key: other.adminKey, body: { title: 'x' } })).statusCode, 404)
  t.equal((await call('POST', `/v1/leads/${lead.id}/qualify`, { key: other.adminKey, body: {} })).statusCode, 404)
  t.same((await call('GET', '/v1/leads?email=private@acme.io', { key: other.adminKey })).json().data, [])
  t.same((await call('GET', '/v1/events', { key: other.adminKey })).json().data, [])
  t.equal(
    (await call('POST', '/v1/leads', { key: other.adminKey, body: { email: 'private@acme.io' } })).statusCode,
    201,
    'emails are unique per workspace',
  )
})

t.test('stage settings are per workspace and shape opportunities', async (t) => {
  const changed = await call('PATCH', '/v1/settings/stages', {
    body: { proposal: { probability: 55, forecast_category: 'commit' } },
  })
  t.equal(changed.statusCode, 200)
  t.same(changed.json().proposal, { probability: 55, forecast_category: 'commit' })
  t.same(changed.json().prospecting, { probability: 10, forecast_category: 'pipeline' })
  t.equal(
    (
      await call('PATCH', '/v1/settings/stages', {
        body: { proposal: { probability: 155, forecast_category: 'commit' } },
      })
    ).statusCode,
    400,
  )
})

t.test('input PostgreSQL or JavaScript cannot hold is a 400 naming the field, never a 500', async (t) => {
  const lead = (await post('/v1/leads', { email: 'edge@acme.io' })).json()
  const cases: [string, string, unknown, string][] = [
    ['POST', '/v1/leads', { email: 'nul@acme.io', first_name: 'A\u0000B' }, '/first_name'],
    ['POST', '/v1/leads', { email: 'nul2@acme.io', attributes: { note: 'x\u0000' } }, '/attributes/note'],
    [
      'POST',
      `/v1/leads/${lead.id}/activities`,
      { type: 'reply', direction: 'inbound', occurred_at: '2026-06-30T23:59:60Z' },
      '/occurred_at',
    ],
    [
      'POST',
      `/v1/leads/${lead.id}/activities`,
      { type: 'reply', direction: 'inbound', occurred_at: '0000-01-01T00:00:00Z' },
      '/occurred_at',
    ],
    [
      'POST',
      `/v1/leads/${lead.id}/activities`,
      { type: 'reply', direction: 'inbound', occurred_at: '2026-11-25 12:00:00Z' },
      '/occurred_at',
    ],
    ['POST', '/v1/leads', { email: 'date@acme.io', timeline: { purchase_by: '2027-02-30' } }, '/timeline/purchase_by'],
    ['POST', '/v1/qualifications/evaluate', { lead: { email: 'a@b.io' }, rubric_version: 2 }, '/rubric_id'],
  ]
  for (const [method, url, body, pointer] of cases) {
    const res = await call(method, url, { body })
    t.equal(res.statusCode, 400, `${url} ${JSON.stringify(body).slice(0, 60)}`)
    t.ok(
      res.json().errors?.some((e: { pointer: string }) => e.pointer === pointer),
      `points at ${pointer}: ${res.body.slice(0, 200)}`,
    )
  }
  t.equal((await call('GET', '/v1/leads?owner=a%00b')).statusCode, 400)
  t.equal((await call('GET', '/v1/leads?created_since=2026-06-30T23:59:60Z')).statusCode, 400)
  const batch = await post('/v1/leads/batch/upsert', {
    leads: [{ email: 'ok@acme.io' }, { email: 'bad@acme.io', title: 'x\u0000' }],
  })
  t.equal(batch.statusCode, 400, 'a NUL anywhere in the body is refused before anything is written')
})
