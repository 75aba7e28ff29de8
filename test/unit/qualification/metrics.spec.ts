// Metrics against hand-computed values: AUC with ties and its DeLong interval, Brier score, log loss.
import t from 'tap'
import { auc, aucOfLevels, brierAndLogLoss } from '../../../src/qualification/index.js'

// won: 0.8, 0.6, 0.4; lost: 0.6, 0.2. Pairs won>lost: 4 of 6, one tie (0.6 vs 0.6) counts half: 4.5 / 6.
const scores = [0.8, 0.6, 0.4, 0.6, 0.2]
const won = [1, 1, 1, 0, 0]

t.test('AUC counts ties as half and gives the DeLong interval', async (t) => {
  const estimate = auc(scores, won)
  t.ok(estimate)
  t.equal(estimate?.value, 0.75)
  // Placements of won rows 1, 0.75, 0.5 (S10 = 0.0625); of lost rows 0.5, 1 (S01 = 0.125).
  // Var = 0.0625 / 3 + 0.125 / 2 = 1 / 12, half-width 1.96 × 0.288675.
  t.ok(Math.abs((estimate?.lower ?? 0) - (0.75 - 1.959963984540054 * Math.sqrt(1 / 12))) < 1e-12)
  t.equal(estimate?.upper, 1, 'clipped at 1')
})

t.test('AUC from levels equals AUC from rows', async (t) => {
  const levels = [
    { won: 0, lost: 1 },
    { won: 1, lost: 0 },
    { won: 1, lost: 1 },
    { won: 1, lost: 0 },
  ]
  t.same(aucOfLevels(levels), auc(scores, won))
})

t.test('AUC of a perfect, a reversed and a constant score', async (t) => {
  t.equal(auc([3, 2, 1, 0], [1, 1, 0, 0])?.value, 1)
  t.equal(auc([0, 1, 2, 3], [1, 1, 0, 0])?.value, 0)
  t.equal(auc([5, 5, 5, 5], [1, 0, 1, 0])?.value, 0.5)
  t.equal(auc([1, 2], [1, 1]), undefined, 'one class only: no AUC')
})

t.test('Brier score and log loss', async (t) => {
  const result = brierAndLogLoss(scores, won)
  // (0.2² + 0.4² + 0.6²) for the won rows, (0.6² + 0.2²) for the lost rows, over 5.
  t.ok(Math.abs((result?.brier ?? 0) - 0.96 / 5) < 1e-12)
  const expected = -(Math.log(0.8) + Math.log(0.6) + Math.log(0.4) + Math.log(0.4) + Math.log(0.8)) / 5
  t.ok(Math.abs((result?.logLoss ?? 0) - expected) < 1e-12)
  t.equal(brierAndLogLoss([], []), undefined)
  t.ok(Number.isFinite(brierAndLogLoss([0], [1])?.logLoss), 'a probability of 0 for a win is clipped, not infinite')
})
