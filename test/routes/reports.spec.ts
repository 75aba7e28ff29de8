// Reports over HTTP: the funnel and the stage report recomputed independently from each record's /history,
// the forecast per currency, isolation between workspaces, and bad periods or groups as 400 problems.
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead, replyFrom } from '../fixtures.js'

const ctx = await buildTestApp(t)
const { call } = ctx
const post = async (url: string, body: unknown = {}) => {
  const res = await call('POST', url, { body })
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}
const get = async (url: string) => {
  const res = await call('GET', url)
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`)
  return res.json()
}

const buyer = { name: 'Buyer', role: 'economic_buyer' }
async function lead(n: number, source: string, owner: string) {
  return (await post('/v1/leads', { ...exampleLead, email: `lead${n}@acme.io`, source, owner })).id as string
}
async function opportunity(leadId: string, currency: string, amount: string, expected_close_date: string) {
  const prospect = (await post(`/v1/leads/${leadId}/qualify`)).prospect.id
  await post(`/v1/prospects/${prospect}/stakeholders`, buyer)
  const body = { name: `deal ${leadId}`, amount, currency, expected_close_date }
  return (await post(`/v1/prospects/${prospect}/convert`, body)).opportunity.id as string
}

// Paths through the funnel, forward and backward, with two sources and two owners.
await lead(0, 'webinar', 'sam')
await post(`/v1/leads/${await lead(1, 'webinar', 'kim')}/activities`, replyFrom(1))
const l2 = await lead(2, 'referral', 'sam')
await post(`/v1/leads/${l2}/activities`, replyFrom(1))
const o2 = await opportunity(l2, 'EUR', '1000.00', '2027-01-15')
await post(`/v1/opportunities/${o2}/stage`, { stage: 'proposal' })
await post(`/v1/opportunities/${o2}/stage`, { stage: 'qualification' })
await post(`/v1/opportunities/${o2}/win`)
const o3 = await opportunity(await lead(3, 'referral', 'kim'), 'USD', '2500.50', '2027-01-20')
await post(`/v1/opportunities/${o3}/lose`, { reason: 'budget' })
await post(`/v1/opportunities/${o3}/reopen`, { stage: 'negotiation' })
await post(`/v1/opportunities/${o3}/lose`, { reason: 'timing' })
const l4 = await lead(4, 'webinar', 'sam')
await post(`/v1/leads/${l4}/nurture`, { reason: 'later' })
await post(`/v1/leads/${l4}/reopen`)
await post(`/v1/leads/${l4}/disqualify`, { reason: 'student' })
const l5 = await lead(5, 'event', 'kim')
await post(`/v1/leads/${l5}/qualify`)
await post(`/v1/leads/${l5}/nurture`, { reason: 'no budget yet' })
const o6 = await opportunity(await lead(6, 'event', 'sam'), 'EUR', '300.25', '2027-02-03')
await post(`/v1/opportunities/${o6}/stage`, { stage: 'negotiation' })
const o7 = await opportunity(await lead(7, 'event', 'kim'), 'EUR', '99.99', '2027-01-31')
await post(`/v1/opportunities/${o7}/stage`, { stage: 'needs_analysis' })

const other = await ctx.newWorkspace('other')
await call('POST', '/v1/leads', { key: other.adminKey, body: { ...exampleLead, email: 'x@other.io' } })

const today = new Date().toISOString().slice(0, 10)
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)
const period = `from=${yesterday}&to=${today}`

type Entry = { action: string; from: string | null; to: string; occurred_at: string }
const history = async (kind: string, id: string): Promise<Entry[]> => (await get(`/v1/${kind}/${id}/history`)).data

/** percentile_disc: the smallest value whose cumulative share reaches p. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!
}
const rate = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 10_000) / 10_000)
const ORDER = ['prospecting', 'qualification', 'needs_analysis', 'proposal', 'negotiation', 'closed_won']

/** Everything the funnel needs about one lead, read only from the ledger as /history shows it. */
async function ledgerFacts(l: { id: string; source: string }) {
  const own = await history('leads', l.id)
  const prospects = (await get(`/v1/prospects?lead_id=${l.id}`)).data as { id: string }[]
  const opps: Entry[][] = []
  for (const p of prospects) {
    for (const o of (await get(`/v1/opportunities?prospect_id=${p.id}`)).data as { id: string }[])
      opps.push(await history('opportunities', o.id))
  }
  const first = (entries: Entry[], pred: (e: Entry) => boolean) => {
    const times = entries.filter(pred).map((e) => Date.parse(e.occurred_at))
    return times.length === 0 ? null : Math.min(...times)
  }
  const allOpp = opps.flat()
  const at = {
    created: first(own, (e) => e.action === 'create'),
    working: first(own, (e) => e.to === 'working'),
    qualified: first(own, (e) => e.to === 'qualified'),
    opportunity: first(allOpp, (e) => e.action === 'create'),
    won: first(allOpp, (e) => e.to === 'closed_won'),
  }
  const back = {
    lead_nurture_moves: own.filter((e) => e.action === 'nurture').length,
    lead_reopen_moves: own.filter((e) => e.action === 'reopen').length,
    opportunity_stage_back_moves: allOpp.filter(
      (e) => e.action === 'stage' && ORDER.indexOf(e.to) < ORDER.indexOf(e.from!),
    ).length,
    opportunity_reopen_moves: allOpp.filter((e) => e.action === 'reopen').length,
  }
  return {
    source: l.source,
    at,
    reached: {
      created: true,
      working: at.working !== null || at.qualified !== null || at.opportunity !== null,
      qualified: at.qualified !== null || at.opportunity !== null,
      opportunity: at.opportunity !== null,
      won: at.won !== null,
    },
    lost: allOpp.some((e) => e.to === 'closed_lost'),
    disqualified: own.some((e) => e.to === 'disqualified'),
    nurtured: own.some((e) => e.to === 'nurturing'),
    back,
  }
}
type Facts = Awaited<ReturnType<typeof ledgerFacts>>

const STEPS = ['created', 'working', 'qualified', 'opportunity', 'won'] as const
function expectedGroup(group: string | null, leads: Facts[]) {
  const span = (a: keyof Facts['at'], b: keyof Facts['at']) =>
    leads.filter((l) => l.at[a] !== null && l.at[b] !== null).map((l) => (l.at[b]! - l.at[a]!) / 1000)
  const counts = STEPS.map((s) => leads.filter((l) => l.reached[s]).length)
  const sum = (k: keyof Facts['back']) => leads.reduce((n, l) => n + l.back[k], 0)
  return {
    group,
    steps: STEPS.map((step, i) => {
      const previous = STEPS[i - 1]
      const spans = previous === undefined ? [] : span(previous, step)
      return {
        step,
        count: counts[i],
        conversion_from_previous: i === 0 ? null : rate(counts[i]!, counts[i - 1]!),
        median_seconds_from_previous: percentile(spans, 0.5),
        p90_seconds_from_previous: percentile(spans, 0.9),
      }
    }),
    overall_conversion: rate(counts[4]!, counts[0]!),
    median_seconds_to_won: percentile(span('created', 'won'), 0.5),
    p90_seconds_to_won: percentile(span('created', 'won'), 0.9),
    outcomes: {
      lost: leads.filter((l) => l.lost).length,
      disqualified: leads.filter((l) => l.disqualified).length,
      nurtured: leads.filter((l) => l.nurtured).length,
    },
    backward: {
      leads: leads.filter((l) => Object.values(l.back).some((n) => n > 0)).length,
      lead_nurture_moves: sum('lead_nurture_moves'),
      lead_reopen_moves: sum('lead_reopen_moves'),
      opportunity_stage_back_moves: sum('opportunity_stage_back_moves'),
      opportunity_reopen_moves: sum('opportunity_reopen_moves'),
    },
  }
}

t.test('the funnel agrees with the ledger read through /history', async (t) => {
  const leads = (await get('/v1/leads?limit=100')).data as { id: string; source: string }[]
  t.equal(leads.length, 8)
  const facts = await Promise.all(leads.map(ledgerFacts))
  const report = await get(`/v1/reports/funnel?${period}&group_by=source`)
  t.same(report.total, expectedGroup(null, facts))
  const sources = [...new Set(facts.map((f) => f.source))].sort()
  t.same(
    report.groups,
    sources.map((s) =>
      expectedGroup(
        s,
        facts.filter((f) => f.source === s),
      ),
    ),
  )
  t.match(report.total.steps, [{ count: 8 }, { count: 7 }, { count: 5 }, { count: 4 }, { count: 1 }])
  t.match(report.total.backward, { leads: 4, lead_nurture_moves: 2, lead_reopen_moves: 1 })
  t.match(report.total.backward, { opportunity_stage_back_moves: 1, opportunity_reopen_moves: 1 })
  t.match(report.total.outcomes, { lost: 1, disqualified: 1, nurtured: 2 })
})

t.test('funnel groups by owner, grade, rubric version and month', async (t) => {
  const byOwner = await get(`/v1/reports/funnel?${period}&group_by=owner`)
  t.same(
    byOwner.groups.map((g: { group: string; steps: { count: number }[] }) => [g.group, g.steps[0]!.count]),
    [
      ['kim', 4],
      ['sam', 4],
    ],
  )
  const byGrade = await get(`/v1/reports/funnel?${period}&group_by=grade`)
  const graded = byGrade.groups.filter((g: { group: string }) => g.group !== '(not qualified)')
  t.equal(
    graded.reduce((n: number, g: { steps: { count: number }[] }) => n + g.steps[0]!.count, 0),
    5,
  )
  const byRubric = await get(`/v1/reports/funnel?${period}&group_by=rubric_version`)
  t.equal(byRubric.groups.length, 1)
  t.match(byRubric.groups[0].group, /^[0-9a-f-]{36}:1$/)
  const byMonth = await get(`/v1/reports/funnel?${period}&group_by=month`)
  t.ok(byMonth.groups.every((g: { group: string }) => /^\d{4}-\d{2}$/.test(g.group)))
  const none = await get('/v1/reports/funnel?from=2020-01-01&to=2020-12-31')
  t.equal(none.total.steps[0].count, 0)
  t.equal(none.total.overall_conversion, null)
})

t.test('the stage report agrees with the opportunities’ histories', async (t) => {
  const opps = (await get('/v1/opportunities?limit=100')).data as { id: string }[]
  const stays: { stage: string; next: string | null; days: number | null }[] = []
  for (const o of opps) {
    const entries = await history('opportunities', o.id)
    entries.forEach((e, i) => {
      const next = entries[i + 1]
      const days = next === undefined ? null : (Date.parse(next.occurred_at) - Date.parse(e.occurred_at)) / 86_400_000
      stays.push({ stage: e.to, next: next?.to ?? null, days })
    })
  }
  const report = await get(`/v1/reports/stages?${period}`)
  const round3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000)
  for (const row of report.stages) {
    const mine = stays.filter((s) => s.stage === row.stage)
    const forward = mine.filter(
      (s) =>
        s.next !== null &&
        s.next !== 'closed_lost' &&
        s.stage !== 'closed_lost' &&
        ORDER.indexOf(s.next) > ORDER.indexOf(s.stage),
    ).length
    const lost = mine.filter((s) => s.next === 'closed_lost').length
    const stillIn = mine.filter((s) => s.next === null).length
    const done = mine.filter((s) => s.days !== null).map((s) => s.days!)
    t.same(
      row,
      {
        stage: row.stage,
        entered: mine.length,
        left_forward: forward,
        left_backward: mine.length - forward - lost - stillIn,
        lost,
        still_in: stillIn,
        median_days: round3(percentile(done, 0.5)),
        p90_days: round3(percentile(done, 0.9)),
      },
      row.stage,
    )
  }
  const prospecting = report.stages.find((s: { stage: string }) => s.stage === 'prospecting')
  t.match(prospecting, { entered: 4, left_forward: 3, lost: 1 })
  t.match(
    report.stages.find((s: { stage: string }) => s.stage === 'closed_lost'),
    { entered: 2, left_backward: 1 },
  )
})

t.test('the forecast sums per currency and weights by stage probability', async (t) => {
  const report = await get('/v1/reports/forecast')
  const eur = report.currencies.find((c: { currency: string }) => c.currency === 'EUR')
  const usd = report.currencies.find((c: { currency: string }) => c.currency === 'USD')
  t.equal(usd, undefined, 'the lost USD deal is left out')
  t.same(
    eur.months.find((m: { month: string }) => m.month === '2027-01').categories,
    [{ category: 'best_case', opportunities: 1, amount: '99.99', weighted_amount: '40.00' }],
    'needs_analysis is best case at 40 %',
  )
  t.same(eur.months.find((m: { month: string }) => m.month === '2027-02').categories, [
    { category: 'commit', opportunities: 1, amount: '300.25', weighted_amount: '240.20' },
  ])
  const won = eur.months.find((m: { month: string }) => m.month === today.slice(0, 7))
  t.same(won.categories, [{ category: 'closed', opportunities: 1, amount: '1000.00', weighted_amount: '1000.00' }])
  const prospecting = report.win_rates.find((w: { stage: string }) => w.stage === 'prospecting')
  t.same(prospecting, { stage: 'prospecting', configured_probability: 10, empirical_win_rate: 0.5, closed_sample: 2 })
  const proposal = report.win_rates.find((w: { stage: string }) => w.stage === 'proposal')
  t.same(proposal, { stage: 'proposal', configured_probability: 60, empirical_win_rate: 1, closed_sample: 1 })

  await post(`/v1/opportunities/${o3}/reopen`, { stage: 'proposal' })
  const reopened = await get('/v1/reports/forecast?from=2027-01-01&to=2027-01-31')
  t.same(
    reopened.currencies.map((c: { currency: string }) => c.currency),
    ['EUR', 'USD'],
    'never one sum of both',
  )
  t.same(reopened.currencies[1].months, [
    {
      month: '2027-01',
      categories: [{ category: 'best_case', opportunities: 1, amount: '2500.50', weighted_amount: '1500.30' }],
    },
  ])
})

t.test('reports never show another workspace', async (t) => {
  const funnel = await call('GET', `/v1/reports/funnel?${period}`, { key: other.adminKey })
  t.equal(funnel.json().total.steps[0].count, 1)
  const forecast = await call('GET', '/v1/reports/forecast', { key: other.adminKey })
  t.same(forecast.json().currencies, [])
})

t.test('a bad period or group is a 400 problem naming the parameter', async (t) => {
  const cases: [string, string][] = [
    ['/v1/reports/funnel?from=2026-03-01&to=2026-02-01', '/to'],
    ['/v1/reports/funnel?from=2020-01-01&to=2026-02-01', '/to'],
    ['/v1/reports/funnel?from=2026-02-30&to=2026-03-01', '/from'],
    ['/v1/reports/funnel?from=2026-01-01&to=2026-02-01&group_by=colour', '/group_by'],
    ['/v1/reports/funnel?to=2026-02-01', '/from'],
    ['/v1/reports/stages?from=2026-03-01&to=2026-02-01', '/to'],
    ['/v1/reports/forecast?from=2026-03-01', '/to'],
    ['/v1/reports/forecast?from=2026-03-01&to=2026-01-01', '/to'],
  ]
  for (const [url, pointer] of cases) {
    const res = await call('GET', url)
    t.equal(res.statusCode, 400, url)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res.json(), { code: 'VALIDATION_FAILED', errors: [{ pointer, in: 'query' }] }, url)
  }
})
