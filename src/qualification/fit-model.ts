// Cross-validated L2 logistic regression over fit patterns: chooses the penalty, keeps out-of-fold predictions.
import { sigmoid } from './calibration.js'
import type { Pattern } from './fit-patterns.js'
import { fitLogistic, predictLinear, type LogisticModel, type SparseRow } from './logistic.js'
import { aucOfLevels, probabilityScores, weightedLevels } from './metrics.js'

// Penalties tried, strongest first so each fit starts from the previous, smoother solution.
export const L2_GRID = [30, 10, 3, 1, 0.3] as const

export interface Design {
  /** Features the regression sees: the kept cells, then engagement when used. */
  readonly features: number
  /** Compact feature index of each cell (-1: its group was not kept); the last entry is engagement. */
  readonly index: Int32Array
  readonly engagementFeature: number
  readonly useEngagement: boolean
}

/** Coefficients back in cell order (0 for cells not kept), engagement last. */
export function expand(model: LogisticModel, design: Design): LogisticModel {
  const coefficients = new Float64Array(design.index.length)
  design.index.forEach((c, i) => {
    if (c >= 0) coefficients[i] = model.coefficients[c] ?? 0
  })
  return { intercept: model.intercept, coefficients }
}

/** One row of the regression per pattern, weighted by the counts `weights` picks from it. */
export function sparseRows(
  patterns: readonly Pattern[],
  design: Design,
  weights: (counts: Float64Array) => [number, number],
): SparseRow[] {
  const rows: SparseRow[] = []
  for (const p of patterns) {
    const [won, lost] = weights(p.counts)
    if (won + lost === 0) continue
    rows.push({ ...features(p, design), won, lost })
  }
  return rows
}

export function features(p: Pattern, design: Design): { index: Int32Array; value: Float64Array } {
  const index: number[] = []
  const value: number[] = []
  for (const c of p.cells) {
    const compact = design.index[c] ?? -1
    if (compact >= 0) {
      index.push(compact)
      value.push(1)
    }
  }
  if (design.useEngagement && p.engagement > 0) {
    index.push(design.index[design.engagementFeature] as number)
    value.push(p.engagement / 100)
  }
  return { index: Int32Array.from(index), value: Float64Array.from(value) }
}

/** Counts of every training fold but `fold` (or all training folds when fold is -1). */
export function trainingWeights(folds: number, fold: number): (counts: Float64Array) => [number, number] {
  return (counts) => {
    let won = 0
    let lost = 0
    for (let f = 0; f < folds; f++) {
      if (f === fold) continue
      won += counts[2 * f] as number
      lost += counts[2 * f + 1] as number
    }
    return [won, lost]
  }
}

export function foldWeights(fold: number): (counts: Float64Array) => [number, number] {
  return (counts) => [counts[2 * fold] as number, counts[2 * fold + 1] as number]
}

export interface Scored {
  readonly score: number
  readonly won: number
  readonly lost: number
}

export interface PenaltyScore {
  readonly l2: number
  readonly logLoss: number
  readonly brier: number
  readonly auc: number | null
  /** Out-of-fold linear predictors with the rows they stand for. */
  readonly oof: Scored[]
}

interface FoldRows {
  readonly train: SparseRow[]
  readonly test: SparseRow[]
}

function outOfFold(
  data: readonly FoldRows[],
  design: Design,
  l2: number,
  starts: (LogisticModel | undefined)[],
): PenaltyScore {
  const oof: Scored[] = []
  for (let k = 0; k < data.length; k++) {
    const { train, test } = data[k] as FoldRows
    const start = starts[k]
    const model = fitLogistic(train, design.features, start === undefined ? { l2 } : { l2, start })
    starts[k] = model
    for (const row of test) {
      oof.push({ score: predictLinear(model, row), won: row.won, lost: row.lost })
    }
  }
  const levels = weightedLevels(oof)
  const sorted = [...oof].sort((a, b) => a.score - b.score)
  const merged = mergeScores(sorted)
  const scores = probabilityScores(
    merged.map((m) => ({ won: m.won, lost: m.lost })),
    merged.map((m) => sigmoid(m.score)),
  )
  return {
    l2,
    logLoss: scores?.logLoss ?? Number.POSITIVE_INFINITY,
    brier: scores?.brier ?? 1,
    auc: aucOfLevels(levels)?.value ?? null,
    oof,
  }
}

function mergeScores(sorted: readonly Scored[]): Scored[] {
  const out: { score: number; won: number; lost: number }[] = []
  for (const s of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && last.score === s.score) {
      last.won += s.won
      last.lost += s.lost
    } else out.push({ ...s })
  }
  return out
}

/** Every penalty of the grid scored by k-fold cross-validation; the lowest out-of-fold log loss wins. */
export function crossValidate(
  patterns: readonly Pattern[],
  design: Design,
  folds: number,
): { best: PenaltyScore; grid: PenaltyScore[] } {
  const starts: (LogisticModel | undefined)[] = Array.from({ length: folds }, () => undefined)
  const data = Array.from({ length: folds }, (_, k) => ({
    train: sparseRows(patterns, design, trainingWeights(folds, k)),
    test: sparseRows(patterns, design, foldWeights(k)),
  }))
  const grid = L2_GRID.map((l2) => outOfFold(data, design, l2, starts))
  let best = grid[0] as PenaltyScore
  for (const g of grid) if (g.logLoss < best.logLoss) best = g
  return { best, grid }
}
