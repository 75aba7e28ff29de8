// Turns regression coefficients into a rubric whose total is an increasing affine function of the log-odds.
import { cellCount, cellRules, groupField, type Group } from './fit-groups.js'
import type { Criterion, Rubric, Thresholds } from './rubric-schema.js'
import type { LogisticModel } from './logistic.js'

export interface ScaledGroup {
  readonly group: Group
  readonly name: string
  readonly weight: number
  /** Points of each cell, 0..100, in cell order. */
  readonly points: readonly number[]
  readonly coefficients: readonly number[]
  /** Smallest coefficient of the group: the log-odds a score of 0 stands for. */
  readonly floor: number
}

export interface Scaling {
  readonly groups: readonly ScaledGroup[]
  readonly engagementWeight: number
  /** Cap multiplier for the engagement score, so its contribution stays K × its coefficient. */
  readonly engagementCapFactor: number
  /** Total points per unit of log-odds: total = perLogit × (η − offset). */
  readonly perLogit: number
  readonly offset: number
}

/** The group's coefficients per cell; a binary group's "not fired" state is the implicit 0. */
export function groupCoefficients(group: Group, offset: number, model: LogisticModel): number[] {
  const out: number[] = []
  for (let i = 0; i < cellCount(group); i++) out.push(model.coefficients[offset + i] ?? 0)
  return out
}

function span(group: Group, coefficients: readonly number[]): { low: number; high: number } {
  const states = group.type === 'binary' ? [...coefficients, 0] : coefficients
  return { low: Math.min(...states), high: Math.max(...states) }
}

/** Integer weights proportional to `shares` that add up to exactly 100 (largest remainder). */
export function apportionWeights(shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0)
  if (sum <= 0) return shares.map(() => 0)
  const exact = shares.map((s) => (100 * s) / sum)
  const weights = exact.map(Math.floor)
  let left = 100 - weights.reduce((a, b) => a + b, 0)
  const order = exact.map((e, i) => ({ r: e - Math.floor(e), i })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (const { i } of order) {
    if (left-- <= 0) break
    weights[i] = (weights[i] ?? 0) + 1
  }
  return weights
}

export interface ScaleInput {
  readonly groups: readonly { group: Group; name: string; offset: number }[]
  readonly model: LogisticModel
  readonly engagementCoefficient: number
}

export function scale({ groups, model, engagementCoefficient }: ScaleInput): Scaling {
  const spans = groups.map(({ group, offset }) => {
    const coefficients = groupCoefficients(group, offset, model)
    return { coefficients, ...span(group, coefficients) }
  })
  const engagementRange = Math.max(0, engagementCoefficient)
  const weights = apportionWeights([...spans.map((s) => s.high - s.low), engagementRange])
  // The largest K with every criterion's points within 0..100: K ≤ weight / range for each part.
  let perLogit = Number.POSITIVE_INFINITY
  spans.forEach((s, i) => {
    const w = weights[i] ?? 0
    if (w > 0) perLogit = Math.min(perLogit, w / (s.high - s.low))
  })
  const engagementWeight = weights[spans.length] ?? 0
  if (engagementWeight > 0) perLogit = Math.min(perLogit, engagementWeight / engagementRange)
  if (!Number.isFinite(perLogit)) perLogit = 0
  let offset = model.intercept
  const scaled: ScaledGroup[] = []
  groups.forEach(({ group, name }, i) => {
    const s = spans[i] as (typeof spans)[number]
    const weight = weights[i] ?? 0
    if (weight === 0) return
    offset += s.low
    const points = s.coefficients.map((b) => Math.round(((100 * perLogit * (b - s.low)) / weight) * 100) / 100)
    scaled.push({ group, name, weight, points, coefficients: s.coefficients, floor: s.low })
  })
  const engagementCapFactor = engagementWeight > 0 ? engagementWeight / (perLogit * engagementRange) : 1
  return { groups: scaled, engagementWeight, engagementCapFactor, perLogit, offset }
}

function criterionOf(s: ScaledGroup): Criterion {
  const field = groupField(s.group)
  // A binary group's "not fired" state scores 0 with no rule; shift it only when the rule itself is worth points.
  return {
    description: `Learned points for ${field}`,
    weight: s.weight,
    rules: cellRules(s.group, s.name, s.points),
  }
}

export function rubricOf(
  base: Rubric,
  scaling: Scaling,
  thresholds: Thresholds,
  name: string,
  description: string,
): Rubric {
  const criteria: Record<string, Criterion> = {}
  for (const s of scaling.groups) criteria[s.name] = criterionOf(s)
  const cap = Math.min(100_000, Math.round(base.engagement.cap * scaling.engagementCapFactor * 100) / 100)
  const { knockouts } = base
  return {
    name,
    description,
    criteria,
    engagement: { ...base.engagement, weight: scaling.engagementWeight, cap },
    thresholds,
    ...(knockouts === undefined ? {} : { knockouts }),
  }
}
