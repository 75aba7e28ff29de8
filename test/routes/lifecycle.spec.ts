// The funnel end to end over HTTP: create, engage, qualify or be blocked, override, convert, stages, lose, reopen, win;
// every step in the ledger and the event log.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead, NOW, replyFrom } from '../fixtures.js'

const ctx = await buildTestApp(t, {}, () => NOW)
const { call } = ctx
const post = (url: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  call('POST', url, { body, headers })

t.test('the whole story', async (t) => {
  const created = await post('/v1/leads', { ...exampleLead, owner: 'sam' })
  t.equal(created.statusCode, 201)
  const lead = created.json()
  t.match(lead, { status: 'new', owner: 'sam', version: 1, score: { rubric_version: 1 } })
  t.equal(created.headers.etag, '"1"')
  t.equal(created.headers.location, `/v1/leads/${lead.id}`)

  const engaged = await post(`/v1/leads/${lead.id}/activities`, replyFrom(3))
  t.equal(engaged.statusCode, 201)
  t.equal(engaged.json().lead.status, 'working', 'engagement moves a new lead to working')
  t.ok(engaged.json().lead.score.total > lead.score.total, 'a reply raises the score')

  const dry = await post(`/v1/leads/${lead.id}/qualify?dry_run=true`)
  t.equal(dry.statusCode, 200)
  t.equal(dry.headers.etag, undefined, 'no ETag for a version that does not exist')
  t.equal(dry.json().dry_run, true)
  t.equal(dry.json().lead.status, 'qualified')
  t.equal((await call('GET', `/v1/leads/${lead.id}`)).json().status, 'working', 'a dry run writes nothing')

  const qualified = await post(`/v1/leads/${lead.id}/qualify`)
  t.equal(qualified.statusCode, 200)
  const { prospect } = qualified.json()
  t.equal(qualified.json().lead.status, 'qualified')
  t.match(prospect, { status: 'active', lead_id: lead.id, override: null, qualification: { decision: 'qualified' } })

  const again = await post(`/v1/leads/${lead.id}/qualify`)
  t.equal(again.statusCode, 409)
  t.match(again.json(), { code: 'TRANSITION_NOT_ALLOWED', current_state: 'qualified' })
  t.ok(again.json().allowed_actions.includes('nurture'))

  const blockedConvert = await post(`/v1/prospects/${prospect.id}/convert`, {
    name: 'Acme rollout',
    amount: '48000.00',
    currency: 'EUR',
  })
  t.equal(blockedConvert.statusCode, 422)
  t.equal(blockedConvert.json().code, 'CONVERSION_BLOCKED')

  const withBuyer = await post(`/v1/prospects/${prospect.id}/stakeholders`, {
    name: 'Ana Ruiz',
    email: 'ana@acme.io',
    title: 'VP Operations',
    role: 'economic_buyer',
  })
  t.equal(withBuyer.statusCode, 201)
  t.equal(withBuyer.json().stakeholders.length, 1)

  const converted = await post(`/v1/prospects/${prospect.id}/convert`, {
    name: 'Acme rollout',
    amount: '48000.00',
    currency: 'EUR',
    expected_close_date: '2027-02-28',
  })
  t.equal(converted.statusCode, 200)
  const opp = converted.json().opportunity
  t.equal(converted.json().prospect.status, 'converted')
  t.match(opp, {
    stage: 'prospecting',
    probability: 10,
    forecast_category: 'pipeline',
    amount: '48000.00',
    currency: 'EUR',
    expected_close_date: '2027-02-28',
  })

  for (const stage of ['qualification', 'needs_analysis', 'proposal']) {
    const moved = await post(`/v1/opportunities/${opp.id}/stage`, { stage })
    t.equal(moved.statusCode, 200, stage)
    t.equal(moved.json().opportunity.stage, stage)
  }
  const back = await post(`/v1/opportunities/${opp.id}/stage`, { stage: 'needs_analysis' })
  t.equal(back.json().opportunity.probability, 40, 'backward moves are allowed')
  t.equal(
    (await post(`/v1/opportunities/${opp.id}/stage`, { stage: 'closed_won' })).statusCode,
    400,
    'closing goes through win or lose',
  )
  t.equal((await post(`/v1/opportunities/${opp.id}/lose`, {})).statusCode, 400, 'lose needs a reason')

  const lost = await post(`/v1/opportunities/${opp.id}/lose`, { reason: 'went with a competitor' })
  t.match(lost.json().opportunity, { stage: 'closed_lost', lost_reason: 'went with a competitor', probability: 0 })
  t.ok(lost.json().opportunity.closed_at)
  t.equal((await post(`/v1/opportunities/${opp.id}/win`)).statusCode, 409, 'a lost deal must be reopened first')

  const reopened = await post(`/v1/opportunities/${opp.id}/reopen`, { stage: 'negotiation' })
  t.match(reopened.json().opportunity, { stage: 'negotiation', closed_at: null, lost_reason: null })
  const won = await post(`/v1/opportunities/${opp.id}/win`)
  t.match(won.json().opportunity, { stage: 'closed_won', probability: 100, forecast_category: 'closed' })

  const leadHistory = (await call('GET', `/v1/leads/${lead.id}/history`)).json()
  t.same(
    leadHistory.data.map((e: { action: string }) => e.action),
    ['create', 'engage', 'qualify'],
  )
  t.match(leadHistory.data[2], {
    from: 'working',
    to: 'qualified',
    rubric: { version: 1 },
    evaluation: { decision: 'qualified' },
  })
  t.ok('working' in leadHistory.time_in_state)

  const oppHistory = (await call('GET', `/v1/opportunities/${opp.id}/history`)).json()
  t.same(
    oppHistory.data.map((e: { to: string }) => e.to),
    [
      'prospecting',
      'qualification',
      'needs_analysis',
      'proposal',
      'needs_analysis',
      'closed_lost',
      'negotiation',
      'closed_won',
    ],
  )
  t.equal(oppHistory.data[5].reason, 'went with a competitor')

  const events = (await call('GET', '/v1/events?limit=100')).json().data
  const types = events.map((e: { type: string }) => e.type).reverse()
  t.same(types.slice(0, 6), [
    'lead.created',
    'activity.recorded',
    'lead.engaged',
    'lead.qualified',
    'prospect.created',
    'prospect.updated',
  ])
  t.ok(
    types.includes('prospect.converted') && types.includes('opportunity.created') && types.includes('opportunity.won'),
  )
  const seqs = events.map((e: { seq: number }) => e.seq)
  t.same(
    seqs,
    [...seqs].sort((a: number, b: number) => b - a),
    'newest first',
  )
  t.equal(new Set(seqs).size, seqs.length, 'unique sequence numbers')
  const stored = (await ctx.database.db.execute(
    sql`select seq from events where workspace_id = ${ctx.workspaceId} and seq >= ${seqs[seqs.length - 1]} order by seq desc`,
  )) as unknown as { rows: { seq: string }[] }
  t.same(
    seqs,
    stored.rows.map((r) => Number(r.seq)),
    'numbers may have gaps, but the feed skips no event',
  )
  t.equal(events[0].data.stage, 'closed_won', 'payload is the resource after the change')

  const upsell = { name: 'Acme upsell', amount: '9000.00', currency: 'EUR' }
  const second = await post(`/v1/prospects/${prospect.id}/convert`, upsell, { 'idempotency-key': 'upsell-1' })
  t.equal(second.statusCode, 200, 'a converted prospect may open another deal')
  t.not(second.json().opportunity.id, opp.id)
  const retried = await post(`/v1/prospects/${prospect.id}/convert`, upsell, { 'idempotency-key': 'upsell-1' })
  t.equal(retried.headers['idempotent-replayed'], 'true')
  t.equal(retried.json().opportunity.id, second.json().opportunity.id, 'a retried convert opens no third deal')
})

t.test('a lead the rubric does not qualify gets 422 with the evaluation; an admin may override', async (t) => {
  const lead = (await post('/v1/leads', { email: 'bare@nowhere.example' })).json()
  const blocked = await post(`/v1/leads/${lead.id}/qualify`)
  t.equal(blocked.statusCode, 422)
  t.match(blocked.headers['content-type'], /problem\+json/)
  t.match(blocked.json(), { code: 'QUALIFICATION_BLOCKED', evaluation: { decision: String }, blocking: Array })
  t.ok(blocked.json().blocking.length > 0)

  const writer = (await post('/v1/api-keys', { name: 'w', scopes: ['write'] })).json().key
  const forbidden = await call('POST', `/v1/leads/${lead.id}/qualify`, {
    key: writer,
    body: { override: { reason: 'CEO referral' } },
  })
  t.equal(forbidden.statusCode, 403)

  const overridden = await post(`/v1/leads/${lead.id}/qualify`, { override: { reason: 'CEO referral' } })
  t.equal(overridden.statusCode, 200)
  t.same(overridden.json().prospect.override, { reason: 'CEO referral' })
  const entry = (await call('GET', `/v1/leads/${lead.id}/history`)).json().data.at(-1)
  t.match(entry, { action: 'qualify', override: true, reason: 'CEO referral' })
  t.not(entry.evaluation.decision, 'qualified', 'the overridden evaluation is on record')

  await post(`/v1/prospects/${overridden.json().prospect.id}/nurture`, { reason: 'later' })
  await post(`/v1/leads/${lead.id}/reopen`)
  const again = await post(`/v1/leads/${lead.id}/qualify`, { override: { reason: 'still the CEO referral' } })
  t.equal(again.statusCode, 200)
  const reactivated = (await call('GET', `/v1/prospects/${again.json().prospect.id}/history`)).json().data.at(-1)
  t.match(
    reactivated,
    { action: 'reactivate', override: true, reason: 'still the CEO referral' },
    "the prospect's ledger says so too",
  )
})

t.test('an activity on a lead already being worked rescores it and says so with lead.updated', async (t) => {
  const lead = (await post('/v1/leads', { ...exampleLead, email: 'busy@acme.io' })).json()
  await post(`/v1/leads/${lead.id}/activities`, replyFrom(5))
  await post(`/v1/leads/${lead.id}/activities`, replyFrom(1))
  const types = (await call('GET', '/v1/events?limit=5')).json().data.map((e: { type: string }) => e.type)
  t.same(types.slice(0, 2), ['lead.updated', 'activity.recorded'])
})

t.test('the funnel is not linear: nurture, reopen, re-qualify, disqualify', async (t) => {
  const lead = (await post('/v1/leads', { ...exampleLead, email: 'loop@acme.io' })).json()
  await post(`/v1/leads/${lead.id}/activities`, replyFrom(1))
  const { prospect } = (await post(`/v1/leads/${lead.id}/qualify`)).json()
  t.equal((await post(`/v1/leads/${lead.id}/nurture`, {})).statusCode, 400, 'nurture needs a reason')
  const nurtured = await post(`/v1/prospects/${prospect.id}/nurture`, { reason: 'budget frozen until Q3' })
  t.equal(nurtured.json().prospect.status, 'nurturing')
  t.equal(nurtured.json().lead.status, 'nurturing', 'the lead follows its prospect')
  t.equal((await post(`/v1/leads/${lead.id}/reopen`)).json().lead.status, 'working')
  const requalified = await post(`/v1/leads/${lead.id}/qualify`)
  t.equal(requalified.json().prospect.id, prospect.id, 'the same prospect comes back')
  t.equal(requalified.json().prospect.status, 'active')
  const disqualified = await post(`/v1/leads/${lead.id}/disqualify`, { reason: 'acquired by a competitor' })
  t.equal(disqualified.json().lead.status, 'disqualified')
  t.equal(disqualified.json().prospect.status, 'disqualified', 'the prospect follows its lead')
})

t.test('If-Match: a stale ETag is 412 and changes nothing', async (t) => {
  const lead = (await post('/v1/leads', { email: 'etag@acme.io' })).json()
  const patched = await call('PATCH', `/v1/leads/${lead.id}`, {
    body: { title: 'CTO' },
    headers: { 'if-match': '"1"' },
  })
  t.equal(patched.statusCode, 200)
  t.equal(patched.headers.etag, '"2"')
  const stale = await call('PATCH', `/v1/leads/${lead.id}`, { body: { title: 'CEO' }, headers: { 'if-match': '"1"' } })
  t.equal(stale.statusCode, 412)
  t.equal(stale.json().code, 'PRECONDITION_FAILED')
  const staleMove = await call('POST', `/v1/leads/${lead.id}/disqualify`, {
    body: { reason: 'x' },
    headers: { 'if-match': '"1"' },
  })
  t.equal(staleMove.statusCode, 412)
  t.equal((await call('GET', `/v1/leads/${lead.id}`)).json().title, 'CTO')
})

t.test(
  'a prospect has at most 50 stakeholders: the 51st is a 409 that names the limit, and removing one frees a place',
  async (t) => {
    const lead = (await post('/v1/leads', { ...exampleLead, email: 'committee@acme.io' })).json()
    await post(`/v1/leads/${lead.id}/activities`, replyFrom(3))
    const { prospect } = (await post(`/v1/leads/${lead.id}/qualify`)).json()
    let last
    for (let i = 0; i < 50; i++)
      last = await post(`/v1/prospects/${prospect.id}/stakeholders`, { name: `P${i}`, role: 'influencer' })
    t.equal(last!.statusCode, 201)
    t.equal(last!.json().stakeholders.length, 50)
    const over = await post(`/v1/prospects/${prospect.id}/stakeholders`, { name: 'One more', role: 'champion' })
    t.equal(over.statusCode, 409)
    t.match(over.json(), { code: 'LIMIT_REACHED', detail: /at most 50 stakeholders/ })
    const after = (await call('GET', `/v1/prospects/${prospect.id}`)).json()
    t.equal(after.stakeholders.length, 50, 'nothing written')
    t.equal(after.version, last!.json().version, 'the prospect did not change')
    t.equal(
      (await call('DELETE', `/v1/prospects/${prospect.id}/stakeholders/${after.stakeholders[0].id}`)).statusCode,
      204,
    )
    t.equal(
      (await post(`/v1/prospects/${prospect.id}/stakeholders`, { name: 'One more', role: 'champion' })).statusCode,
      201,
    )
  },
)
