// Seeded pseudo-random numbers (mulberry32) and a stateless per-row hash, so fits are reproducible from a seed.

/** A generator of uniform numbers in [0, 1) fully determined by `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/**
 * A uniform number in [0, 1) for row `index` under `seed` and `stream`, independent of the order rows are read in
 * chunks: the split and fold of a row depend on its position only, so a caller can reproduce them.
 */
export function rowUniform(seed: number, index: number, stream = 0): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index >>> 0, 0xc2b2ae35)
  h ^= Math.imul(Math.floor(index / 4_294_967_296) + stream * 0x27d4eb2f, 0x165667b1)
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 4_294_967_296
}

export interface RowAssignment {
  /** True when the row is held out of fitting and calibration. */
  readonly holdout: boolean
  /** Cross-validation fold of a training row, 0..folds-1. */
  readonly fold: number
}

/** Where row `index` goes in a fit with this seed, held-out fraction and number of folds. */
export function assignRow(seed: number, index: number, holdout: number, folds: number): RowAssignment {
  return {
    holdout: rowUniform(seed, index, 0) < holdout,
    fold: Math.min(folds - 1, Math.floor(rowUniform(seed, index, 1) * folds)),
  }
}
