// Isotonic calibration by pool-adjacent-violators, against answers worked out by hand.
import t from 'tap'
import { isotonicCalibration, poolAdjacentViolators } from '../../../src/qualification/isotonic.js'

const level = (total: number, won: number, lost: number) => ({ total, won, lost })

t.test('one violation: the two levels pool at their row-weighted mean total', async (t) => {
  // 10: 1/4 won; 20: 3/4; 30: 1/4 violates 20, so 20 and 30 pool to 4/8 at (20·4 + 30·4)/8 = 25; 40: 2/2.
  const levels = [level(30, 1, 3), level(10, 1, 3), level(40, 2, 0), level(20, 3, 1)]
  t.same(isotonicCalibration(levels, 18), {
    method: 'isotonic',
    points: [
      { total: 10, probability: 0.25 },
      { total: 25, probability: 0.5 },
      { total: 40, probability: 1 },
    ],
    rows: 18,
  })
})

t.test('pooling cascades backwards until the rates are non-decreasing', async (t) => {
  // 10: 1/2, 20: 1/1, 30: 0/3. 20 and 30 pool to 1/4, below 1/2, so all pool: 2/6 at (10·2 + 20 + 30·3)/6 = 21.67.
  const levels = [level(10, 1, 1), level(20, 1, 0), level(30, 0, 3)]
  t.same(isotonicCalibration(levels, 6).points, [{ total: 21.67, probability: 0.333333 }])
  t.equal(poolAdjacentViolators(levels).length, 1)
})

t.test('equal totals are one level, equal rates stay apart, empty levels are dropped', async (t) => {
  const levels = [level(50, 1, 0), level(50, 0, 1), level(60, 1, 1), level(70, 0, 0)]
  t.same(isotonicCalibration(levels, 4).points, [
    { total: 50, probability: 0.5 },
    { total: 60, probability: 0.5 },
  ])
  // 10.001 (0/1) and 10.004 (1/2) are two blocks, but both round to 10.00: one point, 1/3.
  t.same(isotonicCalibration([level(10.001, 0, 1), level(10.004, 1, 1)], 3).points, [
    { total: 10, probability: 0.333333 },
  ])
})

t.test('more blocks than points: adjacent blocks merge into groups of about equal rows', async (t) => {
  // Rates 0, 1/4, 2/4, 3/4, 1 with 4 rows each; at most 2 points: 20 rows, groups of at least 10 rows.
  const levels = [0, 1, 2, 3, 4].map((k) => level(10 * (k + 1), k, 4 - k))
  const { points } = isotonicCalibration(levels, 20, 2)
  // Groups: {10, 20, 30} = 3/12 at 20, then {40, 50} = 7/8 at 45.
  t.same(points, [
    { total: 20, probability: 0.25 },
    { total: 45, probability: 0.875 },
  ])
})
