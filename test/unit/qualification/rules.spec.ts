// Every rule kind: a match, a miss, and an unknown fact.
import t from 'tap'
import type { Rule } from '../../../src/qualification/index.js'
import { criterion, exampleLead, run, rulesRubric } from './fixtures/helpers.js'

const bare = { email: 'x@example.org' }

t.test('equals', async (t) => {
  const rule = { kind: 'equals', field: 'seniority', value: 'vp', points: 40 } as const
  const hit = criterion(rule, exampleLead)
  t.equal(hit.status, 'scored')
  t.equal(hit.score, 40)
  t.match(hit.reasons, [
    { rule: '/criteria/c/rules/0', field: 'seniority', value: 'vp', points: 40, label: 'seniority is "vp"' },
  ])
  const miss = criterion(rule, { ...exampleLead, seniority: 'director' })
  t.equal(miss.score, 0)
  t.same(miss.reasons, [])
  t.equal(miss.status, 'scored', 'a known fact that does not match scores 0 but is not missing')
  const unknown = criterion(rule, bare)
  t.equal(unknown.status, 'missing')
  t.same(unknown.missing, ['seniority'])
  t.equal(unknown.score, 0)
})

t.test('equals compares text case-insensitively and decimals by value', async (t) => {
  const industry = criterion({ kind: 'equals', field: 'company.industry', value: 'Software', points: 10 }, exampleLead)
  t.equal(industry.score, 10)
  const revenue = criterion(
    { kind: 'equals', field: 'company.annual_revenue', value: 40_000_000, points: 10 },
    {
      ...exampleLead,
      company: { annual_revenue: '40000000.00' },
    },
  )
  t.equal(revenue.score, 10)
  const flag = { kind: 'equals', field: 'attributes.metrics_defined', value: true, points: 10 } as const
  t.equal(criterion(flag, { ...bare, attributes: { metrics_defined: true } }).score, 10)
  t.equal(criterion(flag, { ...bare, attributes: { metrics_defined: 'yes' } }).score, 0)
  t.equal(criterion(flag, { ...bare, attributes: { metrics_defined: null } }).status, 'missing', 'null is unknown')
})

t.test('an explicit "unknown" counts as absent', async (t) => {
  const rule = { kind: 'exists', field: 'decision_role', points: 50 } as const
  const result = criterion(rule, { ...bare, decision_role: 'unknown' })
  t.equal(result.status, 'missing')
  t.equal(result.score, 0)
})

t.test('in', async (t) => {
  const rule: Rule = { kind: 'in', field: 'company.country', values: ['DE', 'AT', 'CH'], points: 15 }
  t.match(criterion(rule, exampleLead).reasons, [{ field: 'company.country', value: 'DE', points: 15 }])
  t.equal(criterion(rule, { ...exampleLead, company: { country: 'US' } }).score, 0)
  t.same(criterion(rule, bare).missing, ['company.country'])
  const list = criterion(
    { kind: 'in', field: 'need.pain_points', values: ['Manual lead routing'], points: 5 },
    exampleLead,
  )
  t.match(list.reasons, [{ value: 'manual lead routing' }], 'an array fact reports the element that matched')
  const size = criterion({ kind: 'in', field: 'company.employee_count', values: [100, 250], points: 5 }, exampleLead)
  t.equal(size.score, 5)
})

t.test('not_in', async (t) => {
  const rule: Rule = { kind: 'not_in', field: 'company.country', values: ['KP', 'IR'], points: 20 }
  t.match(criterion(rule, exampleLead).reasons, [{ value: 'DE', points: 20 }])
  t.equal(criterion(rule, { ...exampleLead, company: { country: 'KP' } }).score, 0)
  const unknown = criterion(rule, bare)
  t.equal(unknown.status, 'missing', 'an unknown fact is not "not in" anything')
  t.equal(unknown.score, 0)
})

t.test('range is inclusive', async (t) => {
  const rule = { kind: 'range', field: 'company.employee_count', min: 50, max: 250, points: 30 } as const
  t.equal(criterion(rule, exampleLead).score, 30, 'max is inclusive')
  t.equal(criterion(rule, { ...exampleLead, company: { employee_count: 50 } }).score, 30, 'min is inclusive')
  t.equal(criterion(rule, { ...exampleLead, company: { employee_count: 49 } }).score, 0)
  t.equal(criterion(rule, { ...exampleLead, company: { employee_count: 251 } }).score, 0)
  t.equal(criterion(rule, bare).status, 'missing')
})

t.test('range compares decimal strings exactly', async (t) => {
  // As doubles, 999999999999999.89 rounds to the same value as the bound 999999999999999.9.
  const rule = { kind: 'range', field: 'company.annual_revenue', min: 999_999_999_999_999.9, points: 10 } as const
  t.equal(criterion(rule, { ...bare, company: { annual_revenue: '999999999999999.89' } }).score, 0)
  t.equal(criterion(rule, { ...bare, company: { annual_revenue: '999999999999999.90' } }).score, 10)
  const budget = { kind: 'range', field: 'budget.amount', min: 50_000, points: 10 } as const
  t.equal(criterion(budget, { ...bare, budget: { amount: '49999.99', currency: 'EUR' } }).score, 0)
  t.equal(criterion(budget, { ...bare, budget: { amount: '50000', currency: 'EUR' } }).score, 10)
  const attribute = { kind: 'range', field: 'attributes.seats', max: 10, points: 10 } as const
  t.equal(criterion(attribute, { ...bare, attributes: { seats: 10 } }).score, 10, 'numbers')
  t.equal(criterion(attribute, { ...bare, attributes: { seats: '9.5' } }).score, 10, 'decimal text')
  t.equal(criterion(attribute, { ...bare, attributes: { seats: 'ten' } }).score, 0, 'other text never matches')
})

t.test('contains', async (t) => {
  const title: Rule = { kind: 'contains', field: 'title', values: ['operations', 'revenue'], points: 25 }
  t.match(criterion(title, exampleLead).reasons, [{ field: 'title', value: 'VP Operations', points: 25 }])
  t.equal(criterion(title, { ...exampleLead, title: 'Office Manager' }).score, 0)
  t.equal(criterion(title, bare).status, 'missing')
  const pain: Rule = { kind: 'contains', field: 'need.pain_points', values: ['ROUTING'], points: 30 }
  t.match(criterion(pain, { ...bare, need: { pain_points: ['slow reports', 'lead routing by hand'] } }).reasons, [
    { value: 'lead routing by hand' },
  ])
  t.equal(criterion(pain, { ...bare, need: { pain_points: [] } }).score, 0)
})

t.test('exists', async (t) => {
  const rule = {
    kind: 'exists',
    field: 'company.domain',
    points: 10,
    id: 'has-domain',
    label: 'We know the domain',
  } as const
  t.same(criterion(rule, exampleLead).reasons, [
    { rule: 'has-domain', label: 'We know the domain', field: 'company.domain', value: 'acme.io', points: 10 },
  ])
  t.same(criterion(rule, bare).missing, ['company.domain'])
})

t.test('within_days counts whole UTC days from asOf', async (t) => {
  const within = (days: number) => ({ kind: 'within_days', field: 'timeline.purchase_by', days, points: 60 }) as const
  // 2026-11-26 to 2027-03-31 is 125 days
  t.equal(criterion(within(125), exampleLead).score, 60)
  t.equal(criterion(within(124), exampleLead).score, 0)
  t.equal(
    criterion(within(0), { ...bare, timeline: { purchase_by: '2026-11-26' } }).score,
    60,
    'today is within 0 days',
  )
  t.equal(
    criterion(within(365), { ...bare, timeline: { purchase_by: '2026-11-25' } }).score,
    0,
    'a past date is stale, not urgent',
  )
  t.equal(criterion(within(30), bare).status, 'missing')
})

t.test('sum and max combine, clamped to 0..100', async (t) => {
  const rules: Rule[] = [
    { kind: 'equals', field: 'seniority', value: 'vp', points: 70 },
    { kind: 'equals', field: 'decision_role', value: 'decision_maker', points: 60 },
  ]
  const summed = run(rulesRubric(rules)).criteria['c']
  t.equal(summed?.score, 100, 'the sum is capped at 100')
  t.equal(summed?.reasons.length, 2)
  const maxed = run(rulesRubric(rules, { combine: 'max' })).criteria['c']
  t.equal(maxed?.score, 70)
  t.match(maxed?.reasons, [{ points: 70 }], 'with max only the winning rule is a reason')
  const penalty = run(rulesRubric([{ kind: 'exists', field: 'email', points: -20 }])).criteria['c']
  t.equal(penalty?.score, 0, 'negative totals clamp to 0')
  t.equal(penalty?.status, 'scored')
})

t.test('missing lists only the unknown facts of a partly known criterion', async (t) => {
  const result = run(
    rulesRubric([
      { kind: 'exists', field: 'seniority', points: 10 },
      { kind: 'exists', field: 'attributes.champion', points: 10 },
    ]),
  ).criteria['c']
  t.equal(result?.status, 'scored')
  t.same(result?.missing, ['attributes.champion'])
  t.equal(result?.score, 10)
})
