// The yardstick a fitted rubric is held to: a plain L2 logistic regression on the same attributes, text and boolean
// values one-hot (plus "unknown"), numbers standardised (plus an unknown flag), fitted on the training rows only.
import { auc, brierAndLogLoss, denseRows, fitLogistic, sigmoid, type LabelledRow } from '../src/qualification/index.js'

type Cell = string | number | boolean | null

export interface HeldOutFigures {
  readonly auc: { value: number; lower: number; upper: number } | undefined
  readonly brier: number | undefined
  readonly logLoss: number | undefined
}

const cellOf = (row: LabelledRow, key: string): Cell => (row.lead.attributes?.[key] ?? null) as Cell

/** One encoder per attribute, learned from the training rows: a number column standardised, anything else one-hot. */
function encoderOf(key: string, train: readonly LabelledRow[]): (v: Cell) => number[] {
  const values = train.map((r) => cellOf(r, key))
  const numbers = values.filter((v): v is number => typeof v === 'number')
  if (numbers.length > 0 && numbers.length === values.filter((v) => v !== null).length) {
    const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length
    const sd = Math.sqrt(numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / numbers.length) || 1
    return (v) => (typeof v === 'number' ? [(v - mean) / sd, 0] : [0, 1])
  }
  const levels = [...new Set(values.map(String))]
  return (v) => levels.map((l) => (String(v) === l ? 1 : 0))
}

/** Fits on `train` (penalty 1) and returns the test rows' AUC with its 95% interval, Brier score and log loss. */
export function oneHotRegression(
  keys: readonly string[],
  train: readonly LabelledRow[],
  test: readonly LabelledRow[],
): HeldOutFigures {
  const encoders = keys.map((k) => encoderOf(k, train))
  const encode = (r: LabelledRow) => encoders.flatMap((e, i) => e(cellOf(r, keys[i] as string)))
  const x = train.map(encode)
  const y = train.map((r) => (r.outcome === 'won' ? 1 : 0))
  const model = fitLogistic(denseRows(x, y), x[0]?.length ?? 0, { l2: 1 })
  const p = test.map((r) => {
    let eta = model.intercept
    encode(r).forEach((v, j) => (eta += v * (model.coefficients[j] ?? 0)))
    return sigmoid(eta)
  })
  const won = test.map((r) => (r.outcome === 'won' ? 1 : 0))
  const scores = brierAndLogLoss(p, won)
  return { auc: auc(p, won), brier: scores?.brier, logLoss: scores?.logLoss }
}
