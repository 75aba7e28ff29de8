// Fit: the regression against a closed-form answer, then a synthetic dataset whose true model is known.
import t from 'tap'
import {
  auc,
  checkRubric,
  createFit,
  evaluate,
  fitLogistic,
  FitError,
  RubricError,
  seededRandom,
  sigmoid,
  type FitOptions,
  type LabelledRow,
  type Rubric,
} from '../../../src/qualification/index.js'
import { rubricOf, scoring } from './fixtures/helpers.js'

t.test('logistic regression matches the closed-form answer for one binary feature', async (t) => {
  // x = 0: 30 won, 70 lost; x = 1: 60 won, 40 lost. The maximum likelihood is logit of each group's rate.
  const rows = [
    { index: Int32Array.of(), value: Float64Array.of(), won: 30, lost: 70 },
    { index: Int32Array.of(0), value: Float64Array.of(1), won: 60, lost: 40 },
  ]
  const model = fitLogistic(rows, 1, { l2: 0 })
  t.ok(Math.abs(model.intercept - Math.log(3 / 7)) < 1e-6)
  t.ok(Math.abs((model.coefficients[0] ?? 0) - Math.log(1.5 / (3 / 7))) < 1e-6)
  const shrunk = fitLogistic(rows, 1, { l2: 50 })
  t.ok(Math.abs(shrunk.coefficients[0] ?? 0) < Math.abs(model.coefficients[0] ?? 0), 'the penalty shrinks')
})

// True model: logit = -1.5 + 2.5·[tier = gold] + 1·[tier = silver] + 0.2·visits; colour is pure noise.
const TIERS = ['gold', 'silver', 'bronze'] as const
const COLOURS = ['red', 'green', 'blue', 'grey'] as const
function trueLogit(tier: string, visits: number): number {
  return -1.5 + (tier === 'gold' ? 2.5 : tier === 'silver' ? 1 : 0) + 0.2 * visits
}

function synthetic(count: number, seed: number): { rows: LabelledRow[]; logits: number[] } {
  const random = seededRandom(seed)
  const rows: LabelledRow[] = []
  const logits: number[] = []
  for (let i = 0; i < count; i++) {
    const tier = TIERS[Math.floor(random() * 3)] as string
    const visits = Math.floor(random() * 15)
    const colour = COLOURS[Math.floor(random() * 4)] as string
    const logit = trueLogit(tier, visits)
    logits.push(logit)
    rows.push({
      lead: { email: `l${i}@x.io`, attributes: { tier, visits, colour } },
      as_of: '2026-01-01T00:00:00Z',
      outcome: random() < sigmoid(logit) ? 'won' : 'lost',
    })
  }
  return { rows, logits }
}

const base: Rubric = rubricOf(
  {
    tier: { weight: 50, rules: [{ kind: 'equals', field: 'attributes.tier', value: 'gold', points: 50 }] },
    colour: { weight: 50, rules: [{ kind: 'equals', field: 'attributes.colour', value: 'red', points: 50 }] },
  },
  { engagement: { weight: 0, half_life_days: 7, points: {}, cap: 10 } },
)

const options: FitOptions = { base: { definition: base }, propose_rules: true, seed: 11, folds: 4, holdout: 0.3 }
const data = synthetic(3000, 5)

function run(rows: readonly LabelledRow[], opts: FitOptions = options) {
  const fit = createFit(opts)
  for (const row of rows) fit.add(row)
  return fit.result()
}

t.test('the right facts get the large weights and the AUC comes near the truth', async (t) => {
  const result = run(data.rows)
  t.same(checkRubric(result.definition), [])
  const { criteria } = result.definition
  const tier = criteria['tier']
  const visits = criteria['visits']
  const colour = criteria['colour']
  t.ok(tier && visits, 'tier and visits are criteria')
  t.ok((tier?.weight ?? 0) > 25 && (visits?.weight ?? 0) > 25, `tier ${tier?.weight}, visits ${visits?.weight}`)
  t.ok((colour?.weight ?? 0) < 10, `noise gets little weight (${colour?.weight ?? 0})`)
  const points = (id: string) => tier?.rules.find((r) => r.kind === 'in' && r.values.includes(id))?.points ?? -1
  t.ok(points('gold') > points('silver') && points('silver') > points('bronze'), 'gold > silver > bronze')
  // The truth's own AUC on the same held-out rows bounds what any model can reach.
  const heldOut = result.holdout
  t.ok(heldOut, 'a held-out backtest')
  t.equal(heldOut?.rows, result.rows.holdout)
  t.equal(result.rows.used, 3000)
  const truth =
    auc(
      data.logits,
      data.rows.map((r) => (r.outcome === 'won' ? 1 : 0)),
    )?.value ?? 0
  t.ok(Math.abs((heldOut?.auc?.value ?? 0) - truth) < 0.04, `held-out AUC ${heldOut?.auc?.value} near truth ${truth}`)
  t.ok((result.cross_validation.auc ?? 0) > truth - 0.04)
  t.equal(heldOut?.probability_source, 'calibration')
  t.ok((heldOut?.brier ?? 1) < 0.22)
})

t.test('every criterion fires exactly one rule, so the total explains itself point by point', async (t) => {
  const { definition } = run(data.rows)
  for (const row of data.rows.slice(0, 40)) {
    const e = evaluate({
      lead: row.lead,
      activities: [],
      rubric: scoring('f', definition),
      asOf: new Date(row.as_of),
    })
    for (const [name, c] of Object.entries(e.criteria)) t.equal(c.reasons.length, 1, name)
    t.ok(e.win_probability !== undefined)
  }
})

t.test('win probability rises with the total', async (t) => {
  const { definition } = run(data.rows)
  const calibration = definition.calibration
  t.equal(calibration?.method, 'platt')
  if (calibration?.method === 'platt') t.ok(calibration.slope > 0)
})

t.test('isotonic calibration: a non-decreasing map from the out-of-fold totals, as well calibrated', async (t) => {
  const platt = run(data.rows)
  const isotonic = run(data.rows, { ...options, calibration: 'isotonic' })
  const calibration = isotonic.definition.calibration
  t.equal(calibration?.method, 'isotonic')
  if (calibration?.method !== 'isotonic') return
  t.ok(calibration.points.length >= 3, `${calibration.points.length} points`)
  t.same(checkRubric(isotonic.definition), [], 'strictly increasing totals, non-decreasing probabilities')
  t.equal(calibration.rows, isotonic.rows.training)
  t.same(isotonic.definition.criteria, platt.definition.criteria, 'only the calibration differs')
  t.match(isotonic.method, /isotonic regression \(pool-adjacent-violators\)/)
  const [p, i] = [platt.holdout?.brier ?? 1, isotonic.holdout?.brier ?? 1]
  t.ok(Math.abs(p - i) < 0.01, `held-out Brier: Platt ${p}, isotonic ${i}`)
})

t.test('a fixed seed reproduces the fit; another seed splits differently', async (t) => {
  t.same(run(data.rows), run(data.rows))
  t.not(run(data.rows, { ...options, seed: 12 }).rows.holdout, run(data.rows).rows.holdout)
})

t.test('bad inputs', async (t) => {
  t.throws(() => run([]), FitError)
  t.throws(() => run(data.rows.map((r) => ({ ...r, outcome: 'won' as const }))), { code: 'ONE_CLASS' })
  const fit = createFit(options)
  t.throws(() => fit.add({ ...(data.rows[0] as LabelledRow), as_of: 'soon' }), RangeError)
  const broken = { ...base, thresholds: { ...base.thresholds, qualify: 10 } }
  t.throws(() => createFit({ base: { definition: broken } }), RubricError)
  t.throws(
    () => run(data.rows.slice(0, 50).map((r) => ({ ...r, lead: { email: r.lead.email } }))),
    { code: 'NO_FEATURES' },
    'nothing varies',
  )
})
