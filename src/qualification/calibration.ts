// Calibration: how a rubric's total maps to a probability of winning, learned from held-out outcomes.
import { Type, type Static } from 'typebox'
import { Int4 } from './integers.js'

const strict = { additionalProperties: false } as const

export const PlattCalibration = Type.Object(
  {
    method: Type.Literal('platt'),
    intercept: Type.Number({ minimum: -1000, maximum: 1000 }),
    slope: Type.Number({ minimum: 0, maximum: 1000, description: 'Per point of total; never negative' }),
    rows: Int4({ minimum: 0, description: 'Outcomes the calibration was learned from' }),
  },
  {
    title: 'PlattCalibration',
    ...strict,
    description: 'win_probability = 1 / (1 + exp(-(intercept + slope × total)))',
  },
)

export const IsotonicPoint = Type.Object(
  { total: Type.Number({ minimum: 0, maximum: 100 }), probability: Type.Number({ minimum: 0, maximum: 1 }) },
  { ...strict, title: 'IsotonicPoint' },
)

export const IsotonicCalibration = Type.Object(
  {
    method: Type.Literal('isotonic'),
    points: Type.Array(IsotonicPoint, { minItems: 1, maxItems: 200 }),
    rows: Int4({ minimum: 0, description: 'Outcomes the calibration was learned from' }),
  },
  {
    title: 'IsotonicCalibration',
    ...strict,
    description:
      'Points in increasing total with non-decreasing probability; linear between points, flat beyond the ends',
  },
)

export const Calibration = Type.Union([PlattCalibration, IsotonicCalibration], { title: 'Calibration' })

export type Calibration = Static<typeof Calibration>
export type PlattCalibration = Static<typeof PlattCalibration>
export type IsotonicCalibration = Static<typeof IsotonicCalibration>

export function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))
}

function isotonicAt(points: IsotonicCalibration['points'], total: number): number {
  const first = points[0]
  if (first === undefined) return 0
  if (total <= first.total) return first.probability
  for (let i = 1; i < points.length; i++) {
    const hi = points[i] as (typeof points)[number]
    const lo = points[i - 1] as (typeof points)[number]
    if (total <= hi.total) {
      const span = hi.total - lo.total
      return span === 0
        ? hi.probability
        : lo.probability + ((total - lo.total) / span) * (hi.probability - lo.probability)
    }
  }
  return (points[points.length - 1] as (typeof points)[number]).probability
}

/** The calibrated probability of winning for a total, rounded to four decimals. */
export function winProbability(calibration: Calibration, total: number): number {
  const p =
    calibration.method === 'platt'
      ? sigmoid(calibration.intercept + calibration.slope * total)
      : isotonicAt(calibration.points, total)
  return Math.round(p * 10_000) / 10_000
}
