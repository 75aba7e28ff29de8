// Isotonic calibration: the non-decreasing step from total to win rate that best fits held-out outcomes (least
// squares), found by pool-adjacent-violators, then kept to a bounded number of points for the stored rubric.
import type { IsotonicCalibration } from './calibration.js'

/** Rows that share one total: how many were won and how many lost. */
export interface TotalLevel {
  readonly total: number
  readonly won: number
  readonly lost: number
}

interface Block {
  won: number
  lost: number
  /** Σ total × rows, for the block's mean total. */
  weightedTotal: number
}

const rowsOf = (b: Block) => b.won + b.lost
const rateOf = (b: Block) => b.won / rowsOf(b)

function pool(a: Block, b: Block): Block {
  return { won: a.won + b.won, lost: a.lost + b.lost, weightedTotal: a.weightedTotal + b.weightedTotal }
}

/** Levels in increasing total, equal totals merged, empty ones dropped. */
function mergedLevels(levels: readonly TotalLevel[]): TotalLevel[] {
  const sorted = levels.filter((l) => l.won + l.lost > 0).sort((a, b) => a.total - b.total)
  const merged: TotalLevel[] = []
  for (const level of sorted) {
    const last = merged[merged.length - 1]
    if (last !== undefined && last.total === level.total)
      merged[merged.length - 1] = { total: last.total, won: last.won + level.won, lost: last.lost + level.lost }
    else merged.push(level)
  }
  return merged
}

/**
 * Pool-adjacent-violators over levels in any order: blocks of adjacent totals with non-decreasing win rates. A block
 * is pooled with the one before it while that one's rate is strictly higher.
 */
export function poolAdjacentViolators(levels: readonly TotalLevel[]): Block[] {
  const blocks: Block[] = []
  for (const level of mergedLevels(levels)) {
    let block: Block = { won: level.won, lost: level.lost, weightedTotal: level.total * (level.won + level.lost) }
    while (blocks.length > 0 && rateOf(blocks[blocks.length - 1] as Block) > rateOf(block))
      block = pool(blocks.pop() as Block, block)
    blocks.push(block)
  }
  return blocks
}

/** Adjacent blocks merged into at most `max` groups of about equal rows; merging keeps the rates non-decreasing. */
function thin(blocks: readonly Block[], max: number): Block[] {
  if (blocks.length <= max) return [...blocks]
  const target = blocks.reduce((s, b) => s + rowsOf(b), 0) / max
  const groups: Block[] = []
  let open: Block | undefined
  for (const b of blocks) {
    open = open === undefined ? { ...b } : pool(open, b)
    if (rowsOf(open) >= target) {
      groups.push(open)
      open = undefined
    }
  }
  if (open !== undefined) groups.push(open)
  // Equal-row groups can still number max + 1 when the last one is short: fold it into its neighbour.
  while (groups.length > max) groups.push(pool(groups.pop() as Block, groups.pop() as Block))
  return groups
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits

/**
 * The calibration of these held-out levels: one point per block at its mean total (two decimals) and its win rate
 * (six decimals); points whose rounded totals meet are pooled, so totals strictly increase as evaluation requires.
 */
export function isotonicCalibration(levels: readonly TotalLevel[], rows: number, maxPoints = 200): IsotonicCalibration {
  const points: { block: Block; total: number }[] = []
  for (const block of thin(poolAdjacentViolators(levels), maxPoints)) {
    const total = round(block.weightedTotal / rowsOf(block), 2)
    const last = points[points.length - 1]
    if (last !== undefined && last.total >= total) last.block = pool(last.block, block)
    else points.push({ block, total })
  }
  return {
    method: 'isotonic',
    points: points.map((p) => ({ total: p.total, probability: round(rateOf(p.block), 6) })),
    rows,
  }
}
