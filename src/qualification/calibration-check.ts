// Checks that an isotonic calibration is a non-decreasing map from total to probability.
import type { IsotonicCalibration } from './calibration.js'

export function isIncreasing(points: IsotonicCalibration['points']): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1] as (typeof points)[number]
    const b = points[i] as (typeof points)[number]
    if (b.total <= a.total || b.probability < a.probability) return false
  }
  return true
}
