// Ranking and probability metrics over score levels (distinct scores with their won and lost counts).
import type { AucEstimate } from './backtest-schema.js'

/** Rows sharing one score: how many were won and how many lost. */
export interface Level {
  readonly won: number
  readonly lost: number
}

const Z95 = 1.959963984540054
const EPS = 1e-15

function clip01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x
}

/**
 * AUC with ties counting half (the Mann-Whitney statistic) and DeLong's 95% interval, from levels in increasing
 * score order. Every row with a given score has the same placement, so the variance is exact from counts alone.
 * Undefined unless both outcomes occur.
 */
export function aucOfLevels(levels: readonly Level[]): AucEstimate | undefined {
  let won = 0
  let lost = 0
  for (const l of levels) {
    won += l.won
    lost += l.lost
  }
  if (won === 0 || lost === 0) return undefined
  // Placement of a won row: share of lost rows below it (+ half the ties); of a lost row: share of won rows above.
  let lostBelow = 0
  let wonBelow = 0
  let sum = 0
  for (const l of levels) {
    sum += l.won * (lostBelow + l.lost / 2)
    lostBelow += l.lost
  }
  const auc = sum / (won * lost)
  let s10 = 0
  let s01 = 0
  lostBelow = 0
  for (const l of levels) {
    const v10 = (lostBelow + l.lost / 2) / lost
    const v01 = (won - wonBelow - l.won + l.won / 2) / won
    s10 += l.won * (v10 - auc) ** 2
    s01 += l.lost * (v01 - auc) ** 2
    lostBelow += l.lost
    wonBelow += l.won
  }
  const variance = (won > 1 ? s10 / (won - 1) / won : 0) + (lost > 1 ? s01 / (lost - 1) / lost : 0)
  const half = Z95 * Math.sqrt(variance)
  return { value: auc, lower: clip01(auc - half), upper: clip01(auc + half) }
}

export interface ProbabilityScores {
  readonly brier: number
  readonly logLoss: number
}

/** Brier score and log loss of predicted probabilities `p[i]` for the rows of `levels[i]`. */
export function probabilityScores(levels: readonly Level[], p: readonly number[]): ProbabilityScores | undefined {
  let rows = 0
  let brier = 0
  let logLoss = 0
  levels.forEach((l, i) => {
    const q = p[i] ?? 0
    const clipped = Math.min(1 - EPS, Math.max(EPS, q))
    rows += l.won + l.lost
    brier += l.won * (1 - q) ** 2 + l.lost * q * q
    logLoss -= l.won * Math.log(clipped) + l.lost * Math.log(1 - clipped)
  })
  return rows === 0 ? undefined : { brier: brier / rows, logLoss: logLoss / rows }
}

/** Levels of paired scores and outcomes (1 = won), in increasing score order; ties are merged. */
export function levelsOf(scores: ArrayLike<number>, won: ArrayLike<number>): { scores: number[]; levels: Level[] } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[a] as number) - (scores[b] as number),
  )
  const distinct: number[] = []
  const levels: { won: number; lost: number }[] = []
  for (const i of order) {
    const s = scores[i] as number
    if (distinct.length === 0 || distinct[distinct.length - 1] !== s) {
      distinct.push(s)
      levels.push({ won: 0, lost: 0 })
    }
    const level = levels[levels.length - 1] as { won: number; lost: number }
    if (won[i] === 1) level.won++
    else level.lost++
  }
  return { scores: distinct, levels }
}

/** AUC (ties count half) of scores against outcomes, 1 = won; for comparisons outside a backtest. */
export function auc(scores: ArrayLike<number>, won: ArrayLike<number>): AucEstimate | undefined {
  return aucOfLevels(levelsOf(scores, won).levels)
}

/** Brier score and log loss of probabilities against outcomes, 1 = won. */
export function brierAndLogLoss(
  probabilities: ArrayLike<number>,
  won: ArrayLike<number>,
): ProbabilityScores | undefined {
  const levels: Level[] = []
  const p: number[] = []
  for (let i = 0; i < probabilities.length; i++) {
    levels.push(won[i] === 1 ? { won: 1, lost: 0 } : { won: 0, lost: 1 })
    p.push(probabilities[i] as number)
  }
  return probabilityScores(levels, p)
}

/** Rows of equal score merged into levels, in increasing score order, from (score, won, lost) entries. */
export function weightedLevels(entries: readonly { score: number; won: number; lost: number }[]): Level[] {
  const sorted = [...entries].sort((a, b) => a.score - b.score)
  const levels: { won: number; lost: number }[] = []
  let last = Number.NaN
  for (const e of sorted) {
    if (e.won + e.lost === 0) continue
    if (levels.length === 0 || e.score !== last) levels.push({ won: 0, lost: 0 })
    const level = levels[levels.length - 1] as { won: number; lost: number }
    level.won += e.won
    level.lost += e.lost
    last = e.score
  }
  return levels
}
