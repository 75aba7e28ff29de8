// L2-regularised logistic regression by Newton's method on sparse rows with won/lost weights (IRLS).
import { sigmoid } from './calibration.js'

/** One distinct row: its non-zero features (ascending index, value) and how many such rows were won and lost. */
export interface SparseRow {
  readonly index: Int32Array
  readonly value: Float64Array
  readonly won: number
  readonly lost: number
}

export interface LogisticModel {
  readonly intercept: number
  readonly coefficients: Float64Array
}

export interface LogisticOptions {
  /** Penalty λ on the sum of squared coefficients (not the intercept): minimises −loglik + λ/2·‖β‖². */
  readonly l2: number
  readonly maxIterations?: number
  /** Starting point, e.g. the solution at a neighbouring penalty. */
  readonly start?: LogisticModel
}

function linear(row: SparseRow, intercept: number, beta: Float64Array): number {
  let eta = intercept
  for (let k = 0; k < row.index.length; k++) eta += (beta[row.index[k] as number] as number) * (row.value[k] as number)
  return eta
}

export function predictLinear(model: LogisticModel, row: SparseRow): number {
  return linear(row, model.intercept, model.coefficients)
}

/**
 * Solves A x = b for a symmetric positive definite A (n × n, row-major, lower triangle read) by Cholesky; returns x.
 */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j] as number
    for (let k = 0; k < j; k++) d -= (a[j * n + k] as number) ** 2
    if (!(d > 0)) throw new RangeError('matrix is not positive definite')
    const l = Math.sqrt(d)
    a[j * n + j] = l
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j] as number
      for (let k = 0; k < j; k++) s -= (a[i * n + k] as number) * (a[j * n + k] as number)
      a[i * n + j] = s / l
    }
  }
  const x = Float64Array.from(b)
  for (let i = 0; i < n; i++) {
    let s = x[i] as number
    for (let k = 0; k < i; k++) s -= (a[i * n + k] as number) * (x[k] as number)
    x[i] = s / (a[i * n + i] as number)
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i] as number
    for (let k = i + 1; k < n; k++) s -= (a[k * n + i] as number) * (x[k] as number)
    x[i] = s / (a[i * n + i] as number)
  }
  return x
}

function objective(rows: readonly SparseRow[], intercept: number, beta: Float64Array, l2: number): number {
  let loss = 0
  for (const row of rows) {
    const eta = linear(row, intercept, beta)
    // log(1 + e^η) computed without overflow
    const softplus = eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta))
    loss += row.won * (softplus - eta) + row.lost * softplus
  }
  let norm = 0
  for (const b of beta) norm += b * b
  return loss + (l2 / 2) * norm
}

/**
 * Fits P(won) = σ(intercept + Σ βᵢ xᵢ). Variable 0 of the Newton system is the intercept (unpenalised), then the
 * features. Steps are halved until the penalised loss decreases, so each iteration is a descent.
 */
export function fitLogistic(rows: readonly SparseRow[], features: number, options: LogisticOptions): LogisticModel {
  const { l2, maxIterations = 50 } = options
  const n = features + 1
  let intercept = options.start?.intercept ?? 0
  let beta = Float64Array.from(options.start?.coefficients ?? new Float64Array(features))
  let current = objective(rows, intercept, beta, l2)
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const { hessian, gradient } = newtonSystem(rows, intercept, beta, l2, n)
    const step = solveSpd(hessian, gradient, n)
    let scale = 1
    let next = { intercept, beta, loss: current }
    for (let tries = 0; tries < 30; tries++, scale /= 2) {
      const candidate = beta.map((b, i) => b + scale * (step[i + 1] as number))
      const c0 = intercept + scale * (step[0] as number)
      const loss = objective(rows, c0, candidate, l2)
      if (loss <= current + 1e-12 * Math.abs(current)) {
        next = { intercept: c0, beta: candidate, loss }
        break
      }
    }
    const moved = Math.max(...step.map(Math.abs)) * scale
    intercept = next.intercept
    beta = next.beta
    const improved = current - next.loss
    current = next.loss
    if (moved < 1e-7 || improved < 1e-9 * (1 + Math.abs(current))) break
  }
  return { intercept, coefficients: beta }
}

function newtonSystem(
  rows: readonly SparseRow[],
  intercept: number,
  beta: Float64Array,
  l2: number,
  n: number,
): { hessian: Float64Array; gradient: Float64Array } {
  const hessian = new Float64Array(n * n)
  const gradient = new Float64Array(n)
  for (const row of rows) {
    const total = row.won + row.lost
    if (total === 0) continue
    const p = sigmoid(linear(row, intercept, beta))
    const residual = row.won - total * p
    const w = total * p * (1 - p)
    gradient[0] = (gradient[0] as number) + residual
    hessian[0] = (hessian[0] as number) + w
    const { index, value } = row
    for (let a = 0; a < index.length; a++) {
      const i = (index[a] as number) + 1
      const va = value[a] as number
      gradient[i] = (gradient[i] as number) + residual * va
      hessian[i * n] = (hessian[i * n] as number) + w * va
      const wa = w * va
      const rowStart = i * n + 1
      // Indices are ascending, so b ≤ a fills the lower triangle, which is all solveSpd reads.
      for (let b = 0; b <= a; b++) {
        const at = rowStart + (index[b] as number)
        hessian[at] = (hessian[at] as number) + wa * (value[b] as number)
      }
    }
  }
  // A tiny ridge on the intercept keeps the system solvable when one outcome is almost absent.
  hessian[0] = (hessian[0] as number) + 1e-9
  for (let i = 1; i < n; i++) {
    hessian[i * n + i] = (hessian[i * n + i] as number) + l2 + 1e-9
    gradient[i] = (gradient[i] as number) - l2 * (beta[i - 1] as number)
  }
  return { hessian, gradient }
}

/** Rows of a dense matrix as sparse rows with one outcome each (1 = won), for a plain regression on columns. */
export function denseRows(x: readonly (readonly number[])[], won: readonly number[]): SparseRow[] {
  return x.map((features, r) => {
    const index: number[] = []
    const value: number[] = []
    features.forEach((v, i) => {
      if (v !== 0) {
        index.push(i)
        value.push(v)
      }
    })
    const y = won[r] === 1
    return { index: Int32Array.from(index), value: Float64Array.from(value), won: y ? 1 : 0, lost: y ? 0 : 1 }
  })
}
