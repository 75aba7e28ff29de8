// Prospect and opportunity list sorts and filters: cursor walks under every sort, owner, currency, expected close
// dates, stalled records, overrides, and bad values as 400 problems naming the parameter.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { buildTestApp } from '../helper.js'
import { exampleLead } from '../fixtures.js'
import { byKeyThenId, walkList } from '../lists.js'

const DAY = 86_400_000
const ctx = await buildTestApp(t)
const { call } = ctx
const post = async (url: string, body: unknown = {}) => {
  const res = await call('POST', url, { body })
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

interface Listed {
  id: string
  name?: string
  amount?: string
  expected_close_date?: string | null
  created_at: string
  updated_at: string
}

const walk = (list: string, query: string, limit = 2) => walkList<Listed>(call, list, query, limit)

const names = (rows: Listed[]) => rows.map((r) => r.name)

// Six deals: two owners, two currencies, equal amounts and a deal without an expected close date.
const deals = [
  { owner: 'sam', name: 'd0', amount: '500.00', currency: 'EUR', expected_close_date: '2027-01-10' },
  { owner: 'kim', name: 'd1', amount: '2500.00', currency: 'USD', expected_close_date: '2027-02-01' },
  { owner: 'sam', name: 'd2', amount: '500.00', currency: 'USD', expected_close_date: '2027-03-15' },
  { owner: 'kim', name: 'd3', amount: '99.99', currency: 'EUR' },
  { owner: 'sam', name: 'd4', amount: '12000.00', currency: 'EUR', expected_close_date: '2027-01-31' },
  { owner: 'kim', name: 'd5', amount: '750.50', currency: 'EUR', expected_close_date: '2027-02-01' },
]
const prospectOf: Record<string, string> = {}
const idOf: Record<string, string> = {}
t.before(async () => {
  for (const [i, { owner, ...deal }] of deals.entries()) {
    const lead = await post('/v1/leads', { ...exampleLead, email: `l${i}@acme.io`, owner })
    const prospect = (await post(`/v1/leads/${lead.id}/qualify`)).prospect.id
    prospectOf[deal.name] = prospect
    await post(`/v1/prospects/${prospect}/stakeholders`, { name: 'Buyer', role: 'economic_buyer' })
    idOf[deal.name] = (await post(`/v1/prospects/${prospect}/convert`, deal)).opportunity.id
  }
  // One more prospect, admitted against the rubric and never converted.
  const weak = await post('/v1/leads', { email: 'weak@x.io', owner: 'kim' })
  const overridden = await post(`/v1/leads/${weak.id}/qualify`, { override: { reason: 'met them at the fair' } })
  prospectOf.weak = overridden.prospect.id
})

t.test('every opportunity sort walks all opportunities once, in order, ties broken by id', async (t) => {
  const all = await walk('opportunities', '', 100)
  t.equal(all.length, 6)
  const keys: Record<string, (l: Listed) => number> = {
    created_at: (l) => Date.parse(l.created_at),
    updated_at: (l) => Date.parse(l.updated_at),
    amount: (l) => Number(l.amount),
    expected_close_date: (l) => (l.expected_close_date == null ? -Infinity : Date.parse(l.expected_close_date)),
  }
  for (const [name, key] of Object.entries(keys))
    for (const descending of [false, true]) {
      const sort = `${descending ? '-' : ''}${name}`
      t.same(names(await walk('opportunities', `sort=${sort}`)), names([...all].sort(byKeyThenId(key, descending))))
    }
  t.same(names(await walk('opportunities', 'sort=-amount', 1)).slice(0, 2), ['d4', 'd1'])
})

t.test('opportunity filters: owner, currency, expected close dates, stage, combined with a sort', async (t) => {
  const sorted = (rows: Listed[]) => names(rows).sort()
  t.same(sorted(await walk('opportunities', 'owner=sam')), ['d0', 'd2', 'd4'])
  t.same(sorted(await walk('opportunities', 'currency=USD')), ['d1', 'd2'])
  t.same(sorted(await walk('opportunities', 'expected_close_after=2027-02-01')), ['d1', 'd2', 'd5'])
  t.same(sorted(await walk('opportunities', 'expected_close_before=2027-02-01')), ['d0', 'd4'])
  t.same(
    names(await walk('opportunities', 'expected_close_after=2027-01-15&expected_close_before=2027-03-01&sort=-amount')),
    ['d4', 'd1', 'd5'],
  )
  t.same(names(await walk('opportunities', 'owner=kim&currency=EUR&sort=amount')), ['d3', 'd5'])
  await post(`/v1/opportunities/${idOf.d5}/stage`, { stage: 'proposal' })
  t.same(names(await walk('opportunities', 'stage=proposal')), ['d5'])
  t.same(await walk('opportunities', 'owner=nobody'), [])
})

t.test('stalled_days: no transition, no creation and no activity of the lead in the last N days', async (t) => {
  await ctx.database.db.execute(sql`update opportunities set created_at = created_at - interval '60 days'`)
  await ctx.database.db.execute(sql`update prospects set created_at = created_at - interval '60 days'`)
  await ctx.database.db.execute(sql`update transitions set occurred_at = occurred_at - interval '60 days'`)
  t.equal((await walk('opportunities', 'stalled_days=30')).length, 6)
  t.equal((await walk('prospects', 'stalled_days=30')).length, 7)
  await post(`/v1/opportunities/${idOf.d0}/stage`, { stage: 'qualification' })
  const d1Lead = (await call('GET', `/v1/prospects/${prospectOf.d1}`)).json().lead_id
  await post(`/v1/leads/${d1Lead}/activities`, {
    type: 'meeting',
    direction: 'outbound',
    occurred_at: new Date(Date.now() - DAY).toISOString(),
  })
  t.same(names(await walk('opportunities', 'stalled_days=30')).sort(), ['d2', 'd3', 'd4', 'd5'])
  const stalledProspects = (await walk('prospects', 'stalled_days=30')).map((p) => p.id).sort()
  const expected = ['d0', 'd2', 'd3', 'd4', 'd5', 'weak'].map((n) => prospectOf[n]!).sort()
  t.same(stalledProspects, expected, "a lead's activity un-stalls its prospect; an opportunity's move does not")
  t.same(await walk('opportunities', 'stalled_days=90'), [], 'nothing is older than 60 days')
})

t.test('prospect sorts and filters', async (t) => {
  const all = await walk('prospects', '', 100)
  t.equal(all.length, 7)
  for (const name of ['created_at', 'updated_at'])
    for (const descending of [false, true]) {
      const key = (l: Listed) => Date.parse(l[name as 'created_at' | 'updated_at'])
      const expected = [...all].sort(byKeyThenId(key, descending)).map((p) => p.id)
      t.same(
        (await walk('prospects', `sort=${descending ? '-' : ''}${name}`)).map((p) => p.id),
        expected,
      )
    }
  const kims = (await walk('prospects', 'owner=kim')).map((p) => p.id).sort()
  t.same(kims, ['d1', 'd3', 'd5', 'weak'].map((n) => prospectOf[n]!).sort())
  t.same(
    (await walk('prospects', 'overridden=true')).map((p) => p.id),
    [prospectOf.weak],
  )
  t.equal((await walk('prospects', 'overridden=false&status=converted')).length, 6)
})

t.test('bad values are 400 problems naming the parameter', async (t) => {
  const cases: [string, string, string][] = [
    ['opportunities', 'sort=probability', '/sort'],
    ['opportunities', 'sort=-name', '/sort'],
    ['opportunities', 'stalled_days=0', '/stalled_days'],
    ['opportunities', 'stalled_days=x', '/stalled_days'],
    ['opportunities', 'currency=usd', '/currency'],
    ['opportunities', 'expected_close_before=next-week', '/expected_close_before'],
    ['opportunities', 'expected_close_after=2027-13-01', '/expected_close_after'],
    ['opportunities', 'owner=', '/owner'],
    ['prospects', 'sort=amount', '/sort'],
    ['prospects', 'stalled_days=4000', '/stalled_days'],
    ['prospects', 'overridden=maybe', '/overridden'],
  ]
  for (const [list, query, pointer] of cases) {
    const res = await call('GET', `/v1/${list}?${query}`)
    t.equal(res.statusCode, 400, query)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res.json().errors, [{ pointer }], query)
  }
})

t.test('the filters never reach another workspace', async (t) => {
  const other = await ctx.newWorkspace('other')
  for (const url of ['/v1/opportunities?owner=sam&sort=-amount', '/v1/prospects?owner=kim&sort=updated_at'])
    t.same((await call('GET', url, { key: other.adminKey })).json().data, [])
})
