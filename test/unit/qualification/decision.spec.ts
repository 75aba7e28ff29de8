// Knockouts, decisions, the blocking list, grade boundaries and exact contributions.
import t from 'tap'
import type { Criterion, Rubric } from '../../../src/qualification/index.js'
import { apportion } from '../../../src/qualification/apportion.js'
import { exampleLead, rubricOf, run, runTemplate } from './fixtures/helpers.js'

const bare = { email: 'x@example.org' }

/** A criterion worth `points` when the seniority is known. */
const known = (points: number, extra: Partial<Criterion> = {}): Criterion => ({
  weight: 50,
  rules: [{ kind: 'exists', field: 'seniority', points }],
  ...extra,
})

/** Two criteria of weight 50 each, no engagement: total = (a + b) / 2. */
function twoCriteria(a: Criterion, b: Criterion, overrides: Partial<Rubric> = {}): Rubric {
  return rubricOf({ a, b }, overrides)
}

t.test('knockouts disqualify whatever the score', async (t) => {
  const lead = { ...exampleLead, company: { ...exampleLead.company, country: 'KP' } }
  const e = runTemplate('bant_fit', lead)
  t.equal(e.decision, 'disqualified')
  t.match(e.knockouts, [{ id: 'embargoed_country', field: 'company.country', value: 'KP' }])
  t.match(e.blocking, [{ code: 'knockout', field: 'company.country' }])
  t.ok(e.total >= 60, 'the score alone would have qualified')
  const noBudget = runTemplate('bant_fit', { ...exampleLead, budget: { status: 'none' } })
  t.equal(noBudget.decision, 'disqualified')
  t.match(noBudget.knockouts, [{ id: 'no_budget', value: 'none' }])
})

t.test('an unknown fact never knocks a lead out', async (t) => {
  const rubric = twoCriteria(known(100), known(100), {
    knockouts: [
      { id: 'unserved', description: 'not a served country', kind: 'not_in', field: 'company.country', values: ['DE'] },
    ],
  })
  t.same(run(rubric, { ...bare, seniority: 'vp' }).knockouts, [])
  t.equal(run(rubric, { ...bare, seniority: 'vp' }).decision, 'qualified')
  const us = run(rubric, { ...bare, seniority: 'vp', company: { country: 'US' } })
  t.equal(us.decision, 'disqualified')
  t.match(us.blocking, [{ code: 'knockout', detail: /unserved: not a served country \(company.country is "US"\)/ }])
})

t.test('decision thresholds', async (t) => {
  const rubric = (a: number, b: number) => twoCriteria(known(a), known(b))
  const lead = { ...bare, seniority: 'vp' as const }
  const qualified = run(rubric(60, 60), lead)
  t.same([qualified.total, qualified.decision, qualified.blocking], [60, 'qualified', []])
  const nurture = run(rubric(59.98, 60), lead)
  t.same([nurture.total, nurture.decision], [59.99, 'nurture'])
  t.match(nurture.blocking, [
    { code: 'total_below_threshold', detail: 'total 59.99 is below the qualify threshold of 60' },
  ])
  t.equal(nurture.blocking.length, 1)
  const atDisqualify = run(rubric(20, 20), lead)
  t.equal(atDisqualify.decision, 'nurture', 'the disqualify threshold itself is not below it')
  const disqualified = run(rubric(19.98, 20), lead)
  t.same([disqualified.total, disqualified.decision], [19.99, 'disqualified'])
  t.match(disqualified.blocking, [{ code: 'total_below_threshold' }])
})

t.test('required criteria must be known', async (t) => {
  const rubric = twoCriteria(
    known(100),
    { weight: 50, rules: [{ kind: 'exists', field: 'budget.status', points: 100 }] },
    { required: ['b'] },
  )
  const e = run(rubric, { ...bare, seniority: 'vp' })
  t.equal(e.total, 50)
  t.equal(e.decision, 'nurture')
  t.same(
    e.blocking.map((b) => b.code),
    ['total_below_threshold', 'criterion_missing'],
  )
  t.match(e.blocking[1], {
    criterion: 'b',
    field: 'budget.status',
    detail: 'b is unknown (budget.status): find out budget.status',
  })
  const notRequired = run(
    twoCriteria(
      known(100),
      { weight: 50, rules: [{ kind: 'exists', field: 'budget.status', points: 100 }] },
      {
        thresholds: { qualify: 50, disqualify: 20, grades: { A: 80, B: 60, C: 40 } },
      },
    ),
    { ...bare, seniority: 'vp' },
  )
  t.equal(notRequired.decision, 'qualified', 'an unknown criterion that is not required only costs its points')
})

t.test('min_score blocks a known criterion that scores too low', async (t) => {
  const rubric = twoCriteria(known(100), known(30, { min_score: 40 }), {
    thresholds: { qualify: 50, disqualify: 10, grades: { A: 80, B: 60, C: 40 } },
  })
  const e = run(rubric, { ...bare, seniority: 'vp' })
  t.equal(e.total, 65)
  t.equal(e.decision, 'nurture')
  t.same(e.blocking, [{ code: 'below_min_score', criterion: 'b', detail: 'b scored 30, below its minimum of 40' }])
  const unknown = run(rubric, bare)
  t.notOk(
    unknown.blocking.some((b) => b.code === 'below_min_score'),
    'an unknown, non-required criterion is not held to its minimum',
  )
})

t.test('blocking is empty exactly when qualified', async (t) => {
  const good = runTemplate('bant_fit', exampleLead, [
    { type: 'reply', direction: 'inbound', occurred_at: '2026-11-23T12:00:00Z' },
  ])
  t.same([good.decision, good.blocking], ['qualified', []])
  const bad = runTemplate('bant_fit', { email: 'ana@acme.io' })
  t.not(bad.decision, 'qualified')
  t.ok(bad.blocking.length > 0)
})

t.test('grade boundaries', async (t) => {
  const grade = (points: number) => {
    const e = run(rubricOf({ c: known(points, { weight: 100 }) }), { ...bare, seniority: 'vp' })
    return [e.total, e.grade]
  }
  t.same(grade(100), [100, 'A'])
  t.same(grade(80), [80, 'A'])
  t.same(grade(79.99), [79.99, 'B'])
  t.same(grade(60), [60, 'B'])
  t.same(grade(59.99), [59.99, 'C'])
  t.same(grade(40), [40, 'C'])
  t.same(grade(39.99), [39.99, 'D'])
  t.same(grade(0), [0, 'D'])
})

t.test('contributions add up exactly to the total', async (t) => {
  const rubric = rubricOf({
    a: known(33.33, { weight: 33 }),
    b: known(66.67, { weight: 33 }),
    c: known(99.99, { weight: 33 }),
  })
  const e = run(rubric, { ...bare, seniority: 'vp' })
  const parts = [...Object.values(e.criteria).map((c) => c.contribution), e.engagement.contribution]
  t.equal(
    parts.reduce((s, p) => s + Math.round(p * 100), 0),
    Math.round(e.total * 100),
  )
  t.equal(e.total, 66, '(33.33 + 66.67 + 99.99) × 0.33 = 65.9967, rounded')
})

t.test('apportion gives leftover hundredths to the largest remainders', async (t) => {
  // exact contributions 0.333 + 0.333 + 0.334 + 0 = 1.00: the missing hundredth goes to the 0.334
  const parts = [
    { score: 1.11, weight: 30 },
    { score: 1.11, weight: 30 },
    { score: 1.67, weight: 20 },
    { score: 0, weight: 20 },
  ]
  t.same(apportion(parts), { total: 1, contributions: [0.33, 0.33, 0.34, 0] })
  t.same(
    apportion([
      { score: 0.01, weight: 50 },
      { score: 0.01, weight: 50 },
    ]),
    { total: 0.01, contributions: [0.01, 0] },
    'ties go to the first',
  )
  t.same(apportion([{ score: 100, weight: 100 }]), { total: 100, contributions: [100] })
})

t.test('evaluated_at and rubric reference echo the input', async (t) => {
  const rubric = rubricOf({ c: known(50, { weight: 100 }) })
  const e = run(rubric, bare)
  t.equal(e.evaluated_at, '2026-11-26T12:00:00.000Z')
  t.same(e.rubric, { id: 'test', version: 1 })
  t.equal(run(rubric, bare, [], new Date('2025-01-02T03:04:05.678Z')).evaluated_at, '2025-01-02T03:04:05.678Z')
  t.throws(() => run(rubric, bare, [], new Date(Number.NaN)), RangeError)
})
