// Scores are reported in hundredths; one rounding rule everywhere keeps them comparable.

export function round2(value: number): number {
  return Math.round(value * 100) / 100
}

export function clamp(value: number, low: number, high: number): number {
  return value < low ? low : value > high ? high : value
}
