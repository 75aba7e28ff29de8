// Splits a weighted total into contributions, in whole hundredths, that add up to the total exactly.

export interface Apportioned {
  readonly total: number
  readonly contributions: readonly number[]
}

export interface Weighted {
  readonly score: number
  readonly weight: number
}

/**
 * Scores are 0..100 with at most two decimals, weights integer percents adding up to 100.
 * The total is the weighted sum rounded half up; the leftover hundredths go to the parts
 * with the largest remainders (ties to the earlier part), all in integer arithmetic.
 */
export function apportion(weighted: readonly Weighted[]): Apportioned {
  const parts: number[] = []
  const remainders: number[] = []
  let exactSum = 0
  let floorSum = 0
  for (const { score, weight } of weighted) {
    // score in hundredths × weight in percent = contribution in ten-thousandths of a point
    const exact = Math.round(score * 100) * weight
    const floor = Math.floor(exact / 100)
    parts.push(floor)
    remainders.push(exact - floor * 100)
    exactSum += exact
    floorSum += floor
  }
  const total = Math.floor((exactSum + 50) / 100)
  for (let leftover = total - floorSum; leftover > 0; leftover--) {
    const i = largest(remainders)
    remainders[i] = -1
    parts[i] = (parts[i] ?? 0) + 1
  }
  return { total: total / 100, contributions: parts.map((p) => p / 100) }
}

/** Index of the largest value, the first one on ties. */
function largest(values: readonly number[]): number {
  let best = 0
  values.forEach((v, i) => {
    if (v > (values[best] ?? 0)) best = i
  })
  return best
}
