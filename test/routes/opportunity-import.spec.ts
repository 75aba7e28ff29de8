// POST /v1/opportunities/import: deals with their past, checked against figures computed here from the CSV, and the
// rule on past times (admin only, only on what the row creates, in order, never in the future, marked imported).
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { Readable } from 'node:stream'
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead } from '../fixtures.js'
import { DATA_DIR, dealRow, readPipeline } from '../../examples/crm-pipeline.js'

// The machine the suite runs on may be busy: the sample takes seconds alone, minutes under load.
t.setTimeout(600_000)
const ctx = await buildTestApp(t)
const { call } = ctx
const ndjson = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n')

async function importRows(rows: unknown[], key?: string) {
  const res = await call('POST', '/v1/opportunities/import', {
    headers: { 'content-type': 'application/x-ndjson' },
    body: ndjson(rows),
    ...(key === undefined ? {} : { key }),
  })
  if (res.statusCode !== 200) return { status: res.statusCode, problem: res.json(), lines: [] as any[] }
  return {
    status: 200,
    lines: res.body
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
  }
}

const get = async (url: string) => {
  const res = await call('GET', url)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

// Every 80th deal of the set: 110 deals, all four stages. The expected figures are counted from the raw CSV text.
const EVERY = 80
t.test('a sample of the CRM pipeline: totals agree with the CSV', { skip: !existsSync(DATA_DIR) }, async (t) => {
  const text = readFileSync(resolve(DATA_DIR, 'sales_pipeline.csv'), 'utf8').trim().split('\n').slice(1)
  const stages = text.filter((_, i) => i % EVERY === 0).map((line) => line.split(',')[4])
  const expected = {
    won: stages.filter((s) => s === 'Won').length,
    lost: stages.filter((s) => s === 'Lost').length,
    open: stages.filter((s) => s === 'Engaging' || s === 'Prospecting').length,
  }
  const { deals, prices } = readPipeline(EVERY)
  t.equal(deals.length, stages.length)
  const started = performance.now()
  const answer = await importRows(deals.map((d) => dealRow(d, prices)))
  t.comment(`${deals.length} deals imported in ${((performance.now() - started) / 1000).toFixed(1)} s`)
  t.same(answer.lines.at(-1), { summary: { created: deals.length, error: 0 } })

  const forecast = await get('/v1/reports/forecast')
  const prospecting = forecast.win_rates.find((w: any) => w.stage === 'prospecting')
  t.equal(prospecting.closed_sample, expected.won + expected.lost, 'every closed deal opened in prospecting')
  t.equal(prospecting.empirical_win_rate, Number((expected.won / (expected.won + expected.lost)).toFixed(4)))
  const usd = forecast.currencies.find((c: any) => c.currency === 'USD')
  const count = (category: string) =>
    usd.months
      .flatMap((m: any) => m.categories)
      .filter((c: any) => c.category === category)
      .reduce((sum: number, c: any) => sum + c.opportunities, 0)
  t.equal(count('closed'), expected.won, 'won deals are the closed category')
  t.equal(count('pipeline') + count('best_case') + count('commit'), expected.open, 'open deals')

  // The funnel's cohorts are the days the deals came in: 2016-10 to 2017-12, and today for never-engaged ones.
  const funnel = async (from: string, to: string) => (await get(`/v1/reports/funnel?from=${from}&to=${to}`)).total
  const today = new Date().toISOString().slice(0, 10)
  const cohorts = [
    await funnel('2016-10-01', '2017-09-30'),
    await funnel('2017-10-01', '2018-09-30'),
    await funnel(today, today),
  ]
  const step = (name: string) => cohorts.reduce((sum, f) => sum + f.steps.find((s: any) => s.step === name).count, 0)
  t.equal(step('opportunity'), deals.length)
  t.equal(step('won'), expected.won)
  t.equal(
    cohorts.reduce((sum, f) => sum + f.outcomes.lost, 0),
    expected.lost,
  )
})

t.test('history keeps the past times and says they were imported; a normal call records now', async (t) => {
  const row = {
    lead: { ...exampleLead, email: 'past@acme.io' },
    opportunity: { name: 'Renewal', amount: '1200.00', currency: 'EUR' },
    created_at: '2025-01-10T09:00:00.000Z',
    transitions: [
      { action: 'stage', stage: 'proposal', occurred_at: '2025-02-01T10:00:00.000Z' },
      { action: 'lose', reason: 'price', occurred_at: '2025-03-01T10:00:00.000Z' },
      { action: 'reopen', stage: 'negotiation', occurred_at: '2025-03-01T10:00:00.000Z' },
    ],
  }
  const [result] = (await importRows([row])).lines
  t.match(result, { index: 0, line: 1, result: 'created' })
  const history = await get(`/v1/opportunities/${result.id}/history`)
  t.same(
    history.data.map((e: any) => [e.action, e.to, e.occurred_at, e.imported]),
    [
      ['create', 'prospecting', '2025-01-10T09:00:00.000Z', true],
      ['stage', 'proposal', '2025-02-01T10:00:00.000Z', true],
      ['lose', 'closed_lost', '2025-03-01T10:00:00.000Z', true],
      ['reopen', 'negotiation', '2025-03-01T10:00:00.000Z', true],
    ],
  )
  const lead = await get(`/v1/leads/${result.lead_id}`)
  t.equal(lead.created_at, '2025-01-10T09:00:00.000Z')
  const leadHistory = await get(`/v1/leads/${result.lead_id}/history`)
  t.same(
    leadHistory.data.map((e: any) => [e.action, e.occurred_at, e.imported]),
    [
      ['create', '2025-01-10T09:00:00.000Z', true],
      ['qualify', '2025-01-10T09:00:00.000Z', true],
    ],
  )
  const prospectHistory = await get(`/v1/prospects/${result.prospect_id}/history`)
  t.match(prospectHistory.data.at(-1), { action: 'convert', override: true, reason: /^imported/, imported: true })

  const before = Date.now()
  await call('POST', `/v1/opportunities/${result.id}/win`, { body: {} })
  const after = (await get(`/v1/opportunities/${result.id}/history`)).data.at(-1)
  t.match(after, { action: 'win', imported: false })
  t.ok(Date.parse(after.occurred_at) >= before - 1000, 'a normal call records the time it is made')
  t.ok(Date.parse((await get(`/v1/opportunities/${result.id}`)).closed_at) >= before - 1000)
})

t.test('a row is written whole or not at all; bad times are the row error, pointed at', async (t) => {
  const base = (email: string) => ({
    lead: { email },
    opportunity: { name: 'Deal', amount: '10.00', currency: 'USD' },
  })
  const future = new Date(Date.now() + 3_600_000).toISOString()
  const rows = [
    { ...base('future@x.io'), created_at: future },
    {
      ...base('order@x.io'),
      created_at: '2025-05-02T00:00:00Z',
      transitions: [{ action: 'win', occurred_at: '2025-05-01T00:00:00Z' }],
    },
    { ...base('late@x.io'), transitions: [{ action: 'win', occurred_at: future }] },
    { ...base('twice@x.io'), created_at: '2025-05-01T00:00:00Z', transitions: [{ action: 'win' }, { action: 'win' }] },
    { ...base('past@acme.io') },
    { ...base('bad@x.io'), opportunity: { name: 'Deal', amount: 'ten', currency: 'USD' } },
    { ...base('ok@x.io'), created_at: '2025-05-01T00:00:00Z' },
  ]
  const { lines } = await importRows(rows)
  t.match(lines, [
    { index: 0, result: 'error', errors: [{ pointer: '/created_at', detail: /future/ }] },
    { index: 1, result: 'error', errors: [{ pointer: '/transitions/0/occurred_at', detail: /before/ }] },
    { index: 2, result: 'error', errors: [{ pointer: '/transitions/0/occurred_at', detail: /future/ }] },
    { index: 3, result: 'error', errors: [{ pointer: '/transitions/1' }] },
    { index: 4, result: 'error', errors: [{ pointer: '/lead/email', detail: /exists/ }] },
    { index: 5, result: 'error', errors: [{ pointer: '/opportunity/amount' }] },
    { index: 6, result: 'created' },
    { summary: { created: 1, error: 6 } },
  ])
  for (const email of ['future@x.io', 'order@x.io', 'late@x.io', 'twice@x.io', 'bad@x.io'])
    t.same((await get(`/v1/leads?email=${email}`)).data, [], `${email}: nothing written`)
})

t.test('a deal’s events follow its changes in order; a refused row leaves none', async (t) => {
  const deal = { name: 'Deal', amount: '10.00', currency: 'USD' }
  const { lines } = await importRows([
    {
      lead: { ...exampleLead, email: 'events@x.io' },
      opportunity: deal,
      created_at: '2025-06-01T00:00:00.000Z',
      transitions: [
        { action: 'stage', stage: 'proposal', occurred_at: '2025-06-02T00:00:00.000Z' },
        { action: 'win', occurred_at: '2025-06-03T00:00:00.000Z' },
      ],
    },
    // Refused at its second move, after its lead, prospect, opportunity and first move were written.
    { lead: { email: 'refused-events@x.io' }, opportunity: deal, transitions: [{ action: 'win' }, { action: 'win' }] },
  ])
  t.match(lines, [{ result: 'created' }, { result: 'error' }, { summary: { created: 1, error: 1 } }])
  const { id, lead_id: leadId, prospect_id: prospectId } = lines[0]
  const recent = (await get('/v1/events?limit=100')).data.reverse()
  const own = recent.filter((e: any) => [leadId, prospectId, id].includes(e.entity_id))
  t.same(
    own.map((e: any) => [e.type, e.entity_id]),
    [
      ['lead.created', leadId],
      ['lead.qualified', leadId],
      ['prospect.created', prospectId],
      ['prospect.converted', prospectId],
      ['opportunity.created', id],
      ['opportunity.stage_changed', id],
      ['opportunity.won', id],
    ],
  )
  t.same(recent.slice(-own.length), own, 'the newest events are the created row’s: the refused row left none')
})

t.test('only an admin key imports; NDJSON only', async (t) => {
  const created = await call('POST', '/v1/api-keys', { body: { name: 'writer', scopes: ['write'] } })
  const refused = await importRows(
    [{ lead: { email: 'w@x.io' }, opportunity: { name: 'D', amount: '1.00', currency: 'USD' } }],
    created.json().key,
  )
  t.equal(refused.status, 403)
  const csv = await call('POST', '/v1/opportunities/import', {
    headers: { 'content-type': 'text/csv' },
    body: 'lead,opportunity\n',
  })
  t.equal(csv.statusCode, 415)
  t.equal(csv.headers['content-type'], 'application/problem+json; charset=utf-8')
})

t.test('a lead named again in a later chunk is still that row’s error', async (t) => {
  // The body pauses between two groups of rows, which cuts them into two chunks; the second names the first's lead.
  const deal = (i: number) =>
    JSON.stringify({
      lead: { email: `chunked${i}@x.io` },
      opportunity: { name: `Deal ${i}`, amount: '10.00', currency: 'USD' },
    })
  async function* body() {
    yield [0, 1, 2].map(deal).join('\n') + '\n'
    await new Promise((resolve) => setTimeout(resolve, 300))
    yield [3, 1].map(deal).join('\n') + '\n'
  }
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/v1/opportunities/import',
    payload: Readable.from(body()),
    headers: { authorization: `Bearer ${ctx.adminKey}`, 'content-type': 'application/x-ndjson' },
  })
  t.equal(res.statusCode, 200)
  const lines = res.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  t.same(
    lines.slice(0, -1).map((l) => [l.index, l.result]),
    [
      [0, 'created'],
      [1, 'created'],
      [2, 'created'],
      [3, 'created'],
      [4, 'error'],
    ],
    'one answer per row, in row order',
  )
  t.match(lines[4], { errors: [{ pointer: '/lead/email' }] })
  const lead = (await get(`/v1/leads?email=chunked1@x.io`)).data[0]
  t.equal(lead.id, lines[1].lead_id, 'the lead is the one row 1 created')
})
