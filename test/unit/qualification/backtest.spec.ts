// Backtest: hand-checkable rows through a one-criterion rubric, then the report's counts, metrics and rule stats.
import t from 'tap'
import { Value } from 'typebox/value'
import {
  BacktestReport,
  compileRubric,
  createBacktest,
  type LabelledRow,
  type LeadFacts,
  type Rubric,
} from '../../../src/qualification/index.js'
import { rubricOf } from './fixtures/helpers.js'

// Score = 20 per seniority step; engagement weight 0, so total = score.
const rubric: Rubric = rubricOf(
  {
    c: {
      weight: 100,
      rules: [
        { id: 'vp', kind: 'equals', field: 'seniority', value: 'vp', points: 80 },
        { id: 'manager', kind: 'equals', field: 'seniority', value: 'manager', points: 40 },
      ],
    },
  },
  { knockouts: [{ id: 'embargo', kind: 'equals', field: 'company.country', value: 'KP', description: 'embargo' }] },
)

const AS_OF = '2026-11-26T12:00:00Z'
const row = (lead: Omit<LeadFacts, 'email'>, outcome: LabelledRow['outcome']): LabelledRow => ({
  lead: { email: 'a@b.io', ...lead },
  as_of: AS_OF,
  outcome,
})

function report(rows: LabelledRow[], definition: Rubric = rubric) {
  const backtest = createBacktest({ id: 'r', version: 3, compiled: compileRubric(definition) })
  for (const r of rows) backtest.add(r)
  return backtest.report()
}

const rows = [
  row({ seniority: 'vp' }, 'won'), // 80
  row({ seniority: 'vp' }, 'lost'), // 80
  row({ seniority: 'manager' }, 'won'), // 40
  row({ seniority: 'entry' }, 'lost'), // 0
  row({ seniority: 'entry', company: { country: 'KP' } }, 'lost'), // 0, knocked out
]

t.test('counts, base rate and metrics', async (t) => {
  const r = report(rows)
  t.ok(Value.Check(BacktestReport, r), 'the report matches its schema')
  t.same(r.rubric, { id: 'r', version: 3 })
  t.match(r, { rows: 5, won: 2, lost: 3, base_rate: 0.4, probability_source: 'total' })
  // won 80, 40 vs lost 80, 0, 0: pairs 0.5 + 1 + 1 + 0 + 1 + 1 = 4.5 of 6
  t.equal(r.auc?.value, 0.75)
  // p = total / 100: won (0.2² + 0.6²), lost (0.8² + 0 + 0)
  t.equal(r.brier, round6((0.04 + 0.36 + 0.64) / 5))
  t.ok((r.log_loss ?? 0) > 0)
})

t.test('grades, decisions and deciles', async (t) => {
  const r = report(rows)
  t.same(
    r.grades.map((g) => [g.grade, g.rows, g.won]),
    [
      ['A', 2, 1],
      ['B', 0, 0],
      ['C', 1, 1],
      ['D', 2, 0],
    ],
  )
  t.match(r.grades[0], { conversion: 0.5, lift: 1.25 })
  t.same(
    r.decisions.map((d) => [d.decision, d.rows]),
    [
      ['qualified', 2],
      ['nurture', 1],
      ['disqualified', 2],
    ],
  )
  t.equal(
    r.deciles.reduce((s, d) => s + d.rows, 0),
    5,
    'every row is in one decile',
  )
  t.match(r.deciles[0], { decile: 1, min_total: 80, max_total: 80, rows: 2, won: 1 })
  const last = r.deciles.filter((d) => d.rows > 0).at(-1)
  t.match(last, { min_total: 0, max_total: 0, rows: 2, won: 0 }, 'tied totals stay together')
})

t.test('rules and knockouts: fired, conversion when fired and not, lift', async (t) => {
  const r = report(rows)
  t.match(r.rules, [
    {
      rule: 'vp',
      criterion: 'c',
      fired: 2,
      won_when_fired: 1,
      conversion_when_fired: 0.5,
      conversion_when_not_fired: round6(1 / 3),
      lift: 1.25,
    },
    { rule: 'manager', fired: 1, conversion_when_fired: 1, lift: 2.5 },
    { rule: 'embargo', criterion: null, fired: 1, conversion_when_fired: 0 },
  ])
})

t.test('reliability bins the predicted probability', async (t) => {
  const r = report(rows)
  t.equal(r.reliability.length, 10)
  t.match(r.reliability[8], { low: 0.8, rows: 2, mean_predicted: 0.8, observed: 0.5 })
  t.match(r.reliability[0], { rows: 2, mean_predicted: 0, observed: 0 })
})

t.test('a calibrated rubric is judged on its win probability', async (t) => {
  const calibrated = { ...rubric, calibration: { method: 'platt', intercept: -2, slope: 0.03, rows: 10 } as const }
  const r = report(rows, calibrated)
  t.equal(r.probability_source, 'calibration')
  const p = (total: number) => 1 / (1 + Math.exp(-(-2 + 0.03 * total)))
  const q = (total: number) => Math.round(p(total) * 1e4) / 1e4
  const expected = ((1 - q(80)) ** 2 + (1 - q(40)) ** 2 + q(80) ** 2 + 2 * q(0) ** 2) / 5
  t.equal(r.brier, round6(expected))
  t.equal(r.auc?.value, 0.75, 'a monotone calibration leaves the ranking alone')
})

t.test('no rows and one class give nulls, not errors', async (t) => {
  const empty = report([])
  t.match(empty, { rows: 0, base_rate: null, auc: null, brier: null, log_loss: null })
  t.ok(Value.Check(BacktestReport, empty))
  const oneClass = report([row({ seniority: 'vp' }, 'won')])
  t.match(oneClass, { rows: 1, base_rate: 1, auc: null })
})

t.test('bad as_of is refused; activities after as_of do not count', async (t) => {
  const backtest = createBacktest({ id: 'r', version: 1, compiled: compileRubric(rubric) })
  t.throws(() => backtest.add({ ...row({}, 'won'), as_of: 'yesterday' }), RangeError)
  t.equal(backtest.report().rows, 0, 'a refused row is not counted')
})

t.test('memory does not grow with rows: the state is fixed-size', async (t) => {
  const backtest = createBacktest({ id: 'r', version: 1, compiled: compileRubric(rubric) })
  for (let i = 0; i < 20_000; i++) backtest.add(rows[i % rows.length] as LabelledRow)
  const r = backtest.report()
  t.equal(r.rows, 20_000)
  t.equal(r.auc?.value, 0.75)
})

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}
