// The rule kinds a fitted rubric needs: missing, look-back windows, activity counts, half-open ranges, attributes.
import t from 'tap'
import { checkRubric, type Rubric, type Rule } from '../../../src/qualification/index.js'
import { activity, criterion, daysBefore, run, rulesRubric } from './fixtures/helpers.js'

const bare = { email: 'x@example.org' }

t.test('missing matches an unknown fact, and only that', async (t) => {
  const rules: Rule[] = [
    { id: 'budget.unknown', kind: 'missing', field: 'budget.status', points: 30 },
    { id: 'budget.exploring', kind: 'equals', field: 'budget.status', value: 'exploring', points: 10 },
  ]
  const unknown = run(rulesRubric(rules), bare).criteria['c']
  t.match(unknown, { status: 'missing', score: 30, missing: ['budget.status'] })
  t.match(unknown?.reasons, [{ rule: 'budget.unknown', field: 'budget.status', value: null, points: 30 }])
  const low = run(rulesRubric(rules), { ...bare, budget: { status: 'exploring' } }).criteria['c']
  t.match(low, { status: 'scored', score: 10, reasons: [{ rule: 'budget.exploring' }] })
  t.match(criterion(rules[0] as Rule, { ...bare, attributes: { x: null } }), { score: 30 }, 'other facts unknown too')
  t.equal(
    criterion({ kind: 'missing', field: 'attributes.visits', points: 5 }, { ...bare, attributes: { visits: 0 } }).score,
    0,
  )
})

t.test('a knockout cannot be of kind missing or activity_count', async (t) => {
  const base = rulesRubric([{ kind: 'exists', field: 'title', points: 10 }])
  const problems = checkRubric({ ...base, knockouts: [{ id: 'k', description: 'd', kind: 'missing', field: 'title' }] })
  t.match(problems, [{ pointer: '/knockouts/0', detail: /unknown kind "missing"/ }])
})

t.test('within_last_days looks back, on dates and instants', async (t) => {
  const rule: Rule = { kind: 'within_last_days', field: 'attributes.last_contacted', days: 30, points: 40 }
  const at = (value: string) => criterion(rule, { ...bare, attributes: { last_contacted: value } }).score
  t.equal(at(daysBefore(10).slice(0, 10)), 40, 'ten days ago')
  t.equal(at(daysBefore(10)), 40, 'an instant ten days ago')
  t.equal(at(daysBefore(31).slice(0, 10)), 0, 'too long ago')
  t.equal(at(daysBefore(-3).slice(0, 10)), 0, 'in the future is not "in the last 30 days"')
  t.equal(at('not a date'), 0)
  t.match(run(rulesRubric([rule]), { ...bare, attributes: { last_contacted: daysBefore(1) } }).criteria['c']?.reasons, [
    { label: 'attributes.last_contacted in the last 30 days' },
  ])
  t.same(
    checkRubric(rulesRubric([{ kind: 'within_last_days', field: 'timeline.purchase_by', days: 7, points: 1 }])),
    [],
  )
  t.match(checkRubric(rulesRubric([{ kind: 'within_last_days', field: 'title', days: 7, points: 1 }])), [
    { pointer: '/criteria/c/rules/0/field' },
  ])
})

t.test('activity_count counts activities by type over a window', async (t) => {
  const rule: Rule = {
    id: 'views',
    kind: 'activity_count',
    types: ['page_view', 'link_click'],
    days: 30,
    min: 3,
    points: 50,
  }
  const views = [
    activity('page_view', 1),
    activity('link_click', 5),
    activity('page_view', 29),
    activity('page_view', 40),
  ]
  const hit = run(rulesRubric([rule]), bare, views).criteria['c']
  t.match(hit, { status: 'scored', score: 50, reasons: [{ rule: 'views', field: 'activities', value: 3 }] })
  t.equal(run(rulesRubric([rule]), bare, views.slice(1)).criteria['c']?.score, 0, 'two in the window are too few')
  const future = [...views.slice(0, 2), activity('page_view', -1)]
  t.equal(run(rulesRubric([rule]), bare, future).criteria['c']?.score, 0, 'activities after as_of do not count')
  const inbound: Rule = { kind: 'activity_count', types: ['call'], direction: 'inbound', days: 7, max: 0, points: -20 }
  t.equal(
    run(rulesRubric([inbound, { kind: 'exists', field: 'title', points: 20 }]), { ...bare, title: 'x' }).criteria['c']
      ?.score,
    0,
  )
  t.match(run(rulesRubric([inbound]), bare).criteria['c'], { status: 'scored' }, 'no activities: a count of 0 is known')
  t.match(checkRubric(rulesRubric([{ kind: 'activity_count', types: ['reply'], days: 7, points: 1 }])), [
    { pointer: '/criteria/c/rules/0', detail: 'activity_count needs min, max or both' },
  ])
})

t.test('range below is exclusive, so bins do not overlap', async (t) => {
  const bins: Rule[] = [
    { id: 'low', kind: 'range', field: 'attributes.visits', below: 5, points: 10 },
    { id: 'mid', kind: 'range', field: 'attributes.visits', min: 5, below: 10, points: 20 },
    { id: 'high', kind: 'range', field: 'attributes.visits', min: 10, points: 40 },
  ]
  const score = (visits: number | string) =>
    criterion(bins[0] as Rule, bare) && run(rulesRubric(bins), { ...bare, attributes: { visits } }).criteria['c']?.score
  t.equal(score(4.99), 10)
  t.equal(score(5), 20)
  t.equal(score('9.5'), 20, 'a decimal string compares by value')
  t.equal(score(10), 40)
  t.match(checkRubric(rulesRubric([{ kind: 'range', field: 'attributes.v', max: 3, below: 4, points: 1 }])), [
    { pointer: '/criteria/c/rules/0/below' },
  ])
  t.match(checkRubric(rulesRubric([{ kind: 'range', field: 'attributes.v', min: 4, below: 4, points: 1 }])), [
    { detail: /min \(4\) must be below/ },
  ])
})

t.test('attributes: numbers by range, text and booleans by equals and in', async (t) => {
  const lead = { ...bare, attributes: { minutes: 674, course: 'Finance Management', newsletter: false } }
  t.equal(criterion({ kind: 'range', field: 'attributes.minutes', min: 600, points: 30 }, lead).score, 30)
  t.equal(
    criterion({ kind: 'in', field: 'attributes.course', values: ['finance management', 'hr'], points: 25 }, lead).score,
    25,
  )
  t.equal(criterion({ kind: 'equals', field: 'attributes.newsletter', value: false, points: 15 }, lead).score, 15)
  t.equal(criterion({ kind: 'equals', field: 'attributes.newsletter', value: 'false', points: 15 }, lead).score, 0)
})

t.test('win_probability appears only with a calibration', async (t) => {
  const base = rulesRubric([{ kind: 'exists', field: 'title', points: 50 }])
  const lead = { ...bare, title: 'CEO' }
  t.notOk('win_probability' in run(base, lead))
  const calibrated = { ...base, calibration: { method: 'platt', intercept: -3, slope: 0.06, rows: 100 } as const }
  const e = run(calibrated, lead)
  t.equal(e.total, 50)
  t.equal(e.win_probability, Math.round(1e4 / (1 + Math.exp(-(-3 + 0.06 * 50)))) / 1e4)
  const isotonic: Rubric = {
    ...base,
    calibration: {
      method: 'isotonic',
      points: [
        { total: 0, probability: 0.1 },
        { total: 100, probability: 0.5 },
      ],
      rows: 10,
    },
  }
  t.equal(run(isotonic, lead).win_probability, 0.3)
  const points = isotonic.calibration?.method === 'isotonic' ? isotonic.calibration.points : []
  const decreasing = { ...isotonic, calibration: { method: 'isotonic', points: [...points].reverse(), rows: 10 } }
  t.match(checkRubric(decreasing), [{ pointer: '/calibration/points' }])
  t.match(checkRubric({ ...calibrated, calibration: { ...calibrated.calibration, slope: -1 } }), [
    { pointer: '/calibration/slope' },
  ])
})
