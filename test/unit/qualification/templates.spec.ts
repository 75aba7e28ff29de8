// The templates end to end: the two acceptance scenarios of the default rubric, CHAMP and MEDDIC with their explanations.
import t from 'tap'
import { Value } from 'typebox/value'
import { DEFAULT_TEMPLATE, Evaluation, RubricTemplate, templates } from '../../../src/qualification/index.js'
import { exampleLead, runTemplate } from './fixtures/helpers.js'

const reply = [{ type: 'reply', direction: 'inbound', occurred_at: '2026-11-23T12:00:00Z' }] as const

t.test('bant_fit is the default and has the five criteria plus engagement', async (t) => {
  t.equal(DEFAULT_TEMPLATE, 'bant_fit')
  const { definition } = templates.bant_fit
  t.same(Object.keys(definition.criteria), ['fit', 'budget', 'authority', 'need', 'timeline'])
  t.ok(definition.engagement.weight > 0)
  for (const template of Object.values(templates))
    t.ok(Value.Check(RubricTemplate, template), `${template.key} is a RubricTemplate`)
  t.throws(
    () => {
      ;(definition.thresholds as { qualify: number }).qualify = 0
    },
    TypeError,
    'templates are frozen: copy before editing',
  )
})

t.test('the example lead with one recent reply qualifies under the default rubric', async (t) => {
  const e = runTemplate('bant_fit', exampleLead, [...reply])
  t.ok(Value.Check(Evaluation, e), 'matches the Evaluation schema')
  t.equal(e.decision, 'qualified')
  t.equal(e.grade, 'A')
  t.same(e.blocking, [])
  t.same(e.knockouts, [])
  const scores = Object.fromEntries(Object.entries(e.criteria).map(([name, c]) => [name, c.score]))
  t.same(scores, { fit: 100, budget: 80, authority: 100, need: 85, timeline: 60 })
  t.match(e.engagement, {
    score: 43.1,
    raw_points: 17.24,
    activities: [{ type: 'reply', two_way: true, base_points: 10, age_days: 3, points: 17.24 }],
  })
  t.equal(e.total, 81.37)
  t.match(e.criteria['budget']?.reasons, [
    { rule: 'budget.exploring', value: 'allocated' },
    { rule: 'budget.allocated', value: 'allocated' },
    { rule: 'budget.amount_10k', value: '50000.00' },
    { rule: 'budget.amount_50k', value: '50000.00' },
  ])
  t.match(
    e.criteria['timeline']?.reasons,
    [{ rule: 'horizon.quarter', points: 60 }],
    'max combine: horizon and purchase_by (125 days) tie at 60; the first counts',
  )
})

t.test('the same email alone is not qualified and blocking names what is missing', async (t) => {
  const e = runTemplate('bant_fit', { email: 'ana@acme.io' })
  t.ok(Value.Check(Evaluation, e))
  t.not(e.decision, 'qualified')
  t.equal(e.decision, 'nurture', 'unknown is not bad: only knockouts disqualify in the default rubric')
  t.equal(e.total, 2.25, 'an unknown budget and horizon score like the weakest stated ones')
  t.equal(e.grade, 'D')
  const missing = e.blocking.filter((b) => b.code === 'criterion_missing')
  t.same(
    missing.map((b) => b.criterion),
    ['fit', 'budget', 'authority', 'need', 'timeline'],
  )
  t.same(
    missing.map((b) => b.field),
    ['company.employee_count', 'budget.status', 'seniority', 'need.level', 'timeline.horizon'],
  )
  t.match(missing[1]?.detail, /^budget is unknown \(budget.status, budget.amount\): ask whether a budget/)
  t.match(e.blocking[0], { code: 'total_below_threshold' })
  for (const result of Object.values(e.criteria)) t.equal(result.status, 'missing')
})

t.test(
  'before budget and timeline are known, strong fit and engagement rank an inbound lead above a weak one',
  async (t) => {
    const recent = (type: 'form_submit' | 'demo_request' | 'page_view' | 'webinar_attended', days: number) =>
      ({ type, direction: 'inbound', occurred_at: new Date(Date.UTC(2026, 10, 26 - days, 12)).toISOString() }) as const
    const strong = runTemplate(
      'bant_fit',
      {
        email: 'ops@acme.io',
        source: 'web_form',
        company: {
          domain: 'acme.io',
          industry: 'software',
          employee_count: 400,
          country: 'DE',
          annual_revenue: '20000000.00',
        },
      },
      [recent('demo_request', 1), recent('form_submit', 2), recent('form_submit', 3), recent('webinar_attended', 4)],
    )
    const weak = runTemplate('bant_fit', { email: 'x@gmail.com', source: 'web_form', company: { country: 'BR' } }, [
      recent('page_view', 20),
    ])
    t.ok(strong.total > weak.total + 30, `strong ${strong.total} vs weak ${weak.total}`)
    t.equal(strong.grade, 'C')
    t.equal(weak.grade, 'D')
    t.equal(strong.decision, 'nurture', 'not qualified while budget and timeline are unknown')
    t.same(
      strong.blocking.filter((b) => b.code === 'criterion_missing').map((b) => b.criterion),
      ['budget', 'authority', 'need', 'timeline'],
      'what is unknown is listed as something to ask',
    )
    t.match(strong.criteria['budget'], {
      status: 'missing',
      score: 10,
      reasons: [{ rule: 'budget.unknown', value: null }],
    })
  },
)

t.test('CHAMP explains the example lead', async (t) => {
  const e = runTemplate('champ', exampleLead, [...reply])
  t.ok(Value.Check(Evaluation, e))
  t.same(Object.keys(e.criteria), ['challenges', 'authority', 'money', 'prioritization'])
  t.equal(e.decision, 'qualified')
  t.match(e.criteria['challenges'], {
    score: 85,
    reasons: [{ rule: 'challenges.ours', field: 'need.pain_points', value: 'manual lead routing', points: 50 }],
  })
  t.match(e.criteria['authority']?.reasons, [{ rule: 'role.buyer', value: 'decision_maker', points: 100 }])
  t.match(e.criteria['prioritization'], { score: 60, missing: ['attributes.priority'] })
  const noBudget = runTemplate('champ', { ...exampleLead, budget: { status: 'none' } }, [...reply])
  t.same(noBudget.knockouts, [], 'CHAMP does not knock out on budget')
  t.equal(noBudget.criteria['money']?.score, 0)
})

t.test('MEDDIC explains why the example lead is not yet an opportunity', async (t) => {
  const e = runTemplate('meddic', exampleLead, [...reply])
  t.ok(Value.Check(Evaluation, e))
  t.same(Object.keys(e.criteria), [
    'metrics',
    'economic_buyer',
    'decision_criteria',
    'decision_process',
    'identify_pain',
    'champion',
  ])
  t.equal(e.decision, 'nurture')
  t.match(e.criteria['economic_buyer'], { score: 80, reasons: [{ rule: 'eb.decides', value: 'decision_maker' }] })
  t.match(e.criteria['metrics'], {
    status: 'missing',
    missing: ['attributes.metrics_defined', 'attributes.success_metric'],
  })
  t.match(e.criteria['decision_process'], { score: 30, reasons: [{ rule: 'dp.date', value: '2027-03-31' }] })
  t.match(e.blocking, [
    { code: 'total_below_threshold' },
    {
      code: 'below_min_score',
      criterion: 'champion',
      detail: /champion scored 0, below its minimum of 50 \(unknown: attributes.champion_identified\)/,
    },
  ])
  const discovered = runTemplate(
    'meddic',
    {
      ...exampleLead,
      attributes: {
        metrics_defined: true,
        success_metric: 'time to first touch',
        decision_criteria_known: true,
        technical_fit_confirmed: true,
        decision_process_known: true,
        paper_process_known: true,
        champion_identified: true,
      },
    },
    [...reply],
  )
  t.equal(discovered.decision, 'qualified', 'after discovery the same lead qualifies')
  t.match(discovered.criteria['champion']?.reasons, [
    { rule: 'champion.identified', field: 'attributes.champion_identified', value: true },
  ])
})
