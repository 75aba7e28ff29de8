// createFit: learns a rubric's points from won and lost rows, cross-validated, calibrated and backtested on a holdout.
import { createBacktest } from './backtest.js'
import type { BacktestReport } from './backtest-schema.js'
import type { PlattCalibration } from './calibration.js'
import { compileRubric } from './compile.js'
import { parseInstant } from './dates.js'
import { buildGroups, cellCount, groupField, type Group, type ProposalSettings } from './fit-groups.js'
import { crossValidate, expand, sparseRows, trainingWeights, type Design, type PenaltyScore } from './fit-model.js'
import { encoderFor, PatternStore, type Encoder, type Pattern } from './fit-patterns.js'
import { rubricOf, scale, type Scaling } from './fit-rubric.js'
import type { FitOptions, FitResult } from './fit-schema.js'
import type { LabelledRow } from './labelled.js'
import { isotonicCalibration, type TotalLevel } from './isotonic.js'
import { fitLogistic, type LogisticModel } from './logistic.js'
import { assignRow } from './prng.js'
import { checkRubric } from './rubric-check.js'
import { RubricError } from './compile.js'
import type { Rubric, Thresholds } from './rubric-schema.js'
import { templates } from './templates.js'

export const FIT_ERROR_CODES = ['NO_ROWS', 'ONE_CLASS', 'NO_FEATURES', 'TOO_MANY_PATTERNS'] as const
export type FitErrorCode = (typeof FIT_ERROR_CODES)[number]

/** A dataset a fit cannot learn from (no rows, one outcome only, nothing to learn from). */
export class FitError extends Error {
  constructor(
    readonly code: FitErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'FitError'
  }
}

export interface Fit {
  /** Takes one row; throws RangeError when as_of is not an RFC 3339 instant, FitError when memory would overflow. */
  add(row: LabelledRow): void
  result(): FitResult
}

const MAX_CRITERIA = 20
const SELECTION_L2 = 3

interface Settings {
  readonly base: Rubric
  readonly name: string
  readonly folds: number
  readonly seed: number
  readonly holdout: number
  readonly calibration: 'platt' | 'isotonic'
  readonly proposals: (ProposalSettings & { readonly sampleRows: number }) | undefined
}

function settingsOf(options: FitOptions): Settings {
  const base = 'template' in options.base ? templates[options.base.template].definition : options.base.definition
  const problems = checkRubric(base)
  if (problems.length > 0)
    throw new RubricError(problems.map((p) => ({ ...p, pointer: `/base/definition${p.pointer}` })))
  const p = options.propose_rules
  const propose = p === undefined || p === false ? undefined : p === true ? {} : p
  return {
    base,
    name: options.name ?? `${base.name.replace(/ \(fitted\)$/, '')} (fitted)`.slice(0, 100),
    folds: options.folds ?? 5,
    seed: options.seed ?? 1,
    holdout: options.holdout ?? 0.3,
    calibration: options.calibration ?? 'platt',
    proposals:
      propose === undefined
        ? undefined
        : {
            sampleRows: propose.sample_rows ?? 5000,
            maxValues: propose.max_values ?? 12,
            minShare: propose.min_share ?? 0.01,
            quantiles: propose.quantiles ?? 10,
            fields: propose.fields,
          },
  }
}

export function createFit(options: FitOptions): Fit {
  const settings = settingsOf(options)
  const compiled = compileRubric(settings.base)
  const pending: { row: LabelledRow; asOfMs: number; index: number }[] = []
  let store: PatternStore | undefined
  let encoder: Encoder | undefined
  let rows = 0
  let sampled = 0

  const start = (sample: readonly LabelledRow[]) => {
    sampled = settings.proposals === undefined ? 0 : sample.length
    const groups = buildGroups(
      settings.base,
      sample.map((r) => r.lead),
      settings.proposals,
    )
    encoder = encoderFor(groups)
    store = new PatternStore({
      encoder,
      folds: settings.folds,
      engagement: compiled.engagement,
      knockouts: compiled.knockouts,
    })
  }
  const slotOf = (index: number) => {
    const a = assignRow(settings.seed, index, settings.holdout, settings.folds)
    return a.holdout ? settings.folds : a.fold
  }
  const put = (row: LabelledRow, asOfMs: number, index: number) => {
    try {
      store?.add(row, asOfMs, slotOf(index))
    } catch (error) {
      if (error instanceof RangeError) throw new FitError('TOO_MANY_PATTERNS', error.message)
      throw error
    }
  }
  const flush = () => {
    if (store === undefined) start(pending.map((p) => p.row))
    for (const p of pending.splice(0)) put(p.row, p.asOfMs, p.index)
  }
  if (settings.proposals === undefined) start([])

  return {
    add(row) {
      const asOfMs = parseInstant(row.as_of)
      if (Number.isNaN(asOfMs)) throw new RangeError(`as_of is not an RFC 3339 date-time: ${row.as_of}`)
      const index = rows++
      if (store !== undefined) return put(row, asOfMs, index)
      pending.push({ row, asOfMs, index })
      if (pending.length >= (settings.proposals?.sampleRows ?? 0)) flush()
    },
    result() {
      flush()
      return learn(settings, encoder as Encoder, [...(store as PatternStore).patterns.values()], { rows, sampled })
    },
  }
}

interface Counted {
  readonly rows: number
  readonly sampled: number
}

function totals(patterns: readonly Pattern[], folds: number) {
  let won = 0
  let lost = 0
  let heldWon = 0
  let heldLost = 0
  for (const p of patterns) {
    const [w, l] = trainingWeights(folds, -1)(p.counts)
    won += w
    lost += l
    heldWon += p.counts[2 * folds] as number
    heldLost += p.counts[2 * folds + 1] as number
  }
  return { won, lost, held: heldWon + heldLost }
}

function learn(settings: Settings, encoder: Encoder, patterns: readonly Pattern[], counted: Counted): FitResult {
  const { folds } = settings
  const t = totals(patterns, folds)
  if (counted.rows === 0) throw new FitError('NO_ROWS', 'the dataset has no rows')
  if (t.won === 0 || t.lost === 0)
    throw new FitError(
      'ONE_CLASS',
      `the training rows are all ${t.won === 0 ? 'lost' : 'won'}: a fit needs both outcomes`,
    )
  const selection = selectGroups(encoder, patterns, folds)
  if (selection.groups.length === 0 && !selection.design.useEngagement)
    throw new FitError('NO_FEATURES', 'no rule of the base rubric or proposal separates won from lost rows')
  const cv = crossValidate(patterns, selection.design, folds)
  const model = finalModel(patterns, selection, folds, cv.best.l2)
  const named = nameGroups(selection.groups)
  const scaling = scale({
    groups: named,
    model: model.model,
    engagementCoefficient: selection.design.useEngagement
      ? (model.model.coefficients[selection.design.engagementFeature] ?? 0)
      : 0,
  })
  const thresholds = quantileThresholds(patterns, model.model, scaling, folds) ?? settings.base.thresholds
  const calibration =
    settings.calibration === 'isotonic'
      ? isotonicCalibration(oofTotals(cv.best, scaling), t.won + t.lost)
      : platt(cv.best, scaling, t.won + t.lost)
  const description = describeFit(counted.rows, cv.best.l2, folds, settings)
  const definition: Rubric = {
    ...rubricOf(settings.base, scaling, thresholds, settings.name, description),
    calibration,
  }
  const problems = checkRubric(definition)
  if (problems.length > 0) throw new RubricError(problems)
  return {
    definition,
    method: description,
    rows: {
      used: counted.rows,
      training: t.won + t.lost,
      holdout: t.held,
      proposal_sample: counted.sampled,
      patterns: patterns.length,
    },
    cross_validation: {
      folds,
      l2: cv.best.l2,
      auc: round6n(cv.best.auc),
      log_loss: round6(cv.best.logLoss),
      brier: round6(cv.best.brier),
      grid: cv.grid.map((g) => ({ l2: g.l2, log_loss: round6(g.logLoss), auc: round6n(g.auc) })),
    },
    coefficients: coefficientsOf(scaling, patterns, selection, folds),
    holdout: t.held === 0 ? null : holdoutReport(definition, patterns, folds),
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

function round6n(x: number | null): number | null {
  return x === null ? null : round6(x)
}

interface Selection {
  readonly groups: { group: Group; offset: number }[]
  readonly design: Design
}

function designOf(encoder: Encoder, kept: readonly { group: Group; offset: number }[], useEngagement: boolean): Design {
  const index = new Int32Array(encoder.cellTotal + 1).fill(-1)
  let next = 0
  for (const { group, offset } of kept) for (let i = 0; i < cellCount(group); i++) index[offset + i] = next++
  if (useEngagement) index[encoder.cellTotal] = next++
  return { features: next, index, engagementFeature: encoder.cellTotal, useEngagement }
}

/** Share of training rows in each cell, to drop groups that never vary. */
function cellRows(patterns: readonly Pattern[], encoder: Encoder, folds: number): Float64Array {
  const rows = new Float64Array(encoder.cellTotal)
  const weights = trainingWeights(folds, -1)
  for (const p of patterns) {
    const [w, l] = weights(p.counts)
    for (const c of p.cells) rows[c] = (rows[c] ?? 0) + w + l
  }
  return rows
}

/**
 * Keeps the groups that vary, whose learned effect can be expressed (a single rule with a negative coefficient
 * cannot: its "not fired" state has no rule to carry points), and at most what a rubric holds, by importance.
 */
function selectGroups(encoder: Encoder, patterns: readonly Pattern[], folds: number): Selection {
  const rows = cellRows(patterns, encoder, folds)
  let kept = encoder.groups
    .map((group, g) => ({ group, offset: encoder.offsets[g] as number }))
    .filter(({ group, offset }) => varies(group, offset, rows))
  let useEngagement = patterns.some((p) => p.engagement > 0)
  for (let round = 0; round < 5; round++) {
    const design = designOf(encoder, kept, useEngagement)
    const compact = fitLogistic(sparseRows(patterns, design, trainingWeights(folds, -1)), design.features, {
      l2: SELECTION_L2,
    })
    const model = expand(compact, design)
    const expressible = kept.filter(
      ({ group, offset }) => group.type !== 'binary' || (model.coefficients[offset] ?? 0) > 0,
    )
    const engagementOk = useEngagement && (model.coefficients[design.engagementFeature] ?? 0) > 0
    const limit = MAX_CRITERIA - (engagementOk ? 1 : 0)
    const ranked = expressible
      .map((k) => ({ ...k, importance: importance(k.group, k.offset, model, rows) }))
      .sort((a, b) => b.importance - a.importance)
      .slice(0, limit)
    const next = kept.filter((k) => ranked.some((r) => r.offset === k.offset))
    if (next.length === kept.length && engagementOk === useEngagement) return { groups: kept, design }
    kept = next
    useEngagement = engagementOk
  }
  return { groups: kept, design: designOf(encoder, kept, useEngagement) }
}

function varies(group: Group, offset: number, rows: Float64Array): boolean {
  let nonEmpty = 0
  let total = 0
  for (let i = 0; i < cellCount(group); i++) {
    const n = rows[offset + i] ?? 0
    total += n
    if (n > 0) nonEmpty++
  }
  // A binary group varies when it fires on some rows but not all of them.
  return group.type === 'binary' ? total > 0 : nonEmpty >= 2
}

/** Row-weighted spread of the group's contribution to the log-odds. */
function importance(group: Group, offset: number, model: LogisticModel, rows: Float64Array): number {
  let n = 0
  let sum = 0
  let squares = 0
  for (let i = 0; i < cellCount(group); i++) {
    const w = rows[offset + i] ?? 0
    const b = model.coefficients[offset + i] ?? 0
    n += w
    sum += w * b
    squares += w * b * b
  }
  return n === 0 ? 0 : Math.sqrt(Math.max(0, squares / n - (sum / n) ** 2))
}

function finalModel(
  patterns: readonly Pattern[],
  selection: Selection,
  folds: number,
  l2: number,
): { model: LogisticModel } {
  const rows = sparseRows(patterns, selection.design, trainingWeights(folds, -1))
  let model = expand(fitLogistic(rows, selection.design.features, { l2 }), selection.design)
  // At the chosen penalty a single rule may turn negative; such a rule scores nothing rather than invert.
  for (const { group, offset } of selection.groups) {
    if (group.type === 'binary' && (model.coefficients[offset] ?? 0) < 0) {
      const coefficients = Float64Array.from(model.coefficients)
      coefficients[offset] = 0
      model = { intercept: model.intercept, coefficients }
    }
  }
  return { model }
}

const NAME = /[^a-z0-9_]+/g

function nameGroups(
  groups: readonly { group: Group; offset: number }[],
): { group: Group; name: string; offset: number }[] {
  const used = new Set<string>()
  return groups.map(({ group, offset }) => {
    const field = groupField(group)
      .replace(/^attributes\./, '')
      .toLowerCase()
    const stem = (group.type === 'binary' ? `${field}_${group.rule.kind}` : field)
      .replace(NAME, '_')
      .replace(/^[^a-z]+/, '')
    let name = (stem === '' ? 'fact' : stem).slice(0, 36)
    for (let i = 2; used.has(name); i++) name = `${name.slice(0, 36)}_${i}`
    used.add(name)
    return { group, name, offset }
  })
}

function totalOf(p: Pattern, model: LogisticModel, scaling: Scaling): number {
  let eta = model.intercept
  for (const c of p.cells) eta += model.coefficients[c] ?? 0
  eta += (model.coefficients[model.coefficients.length - 1] ?? 0) * (p.engagement / 100)
  return Math.min(100, Math.max(0, scaling.perLogit * (eta - scaling.offset)))
}

/** Grades at the training rows' quantiles: A the top 10 %, B the next 20 %, C the next 30 %; qualify at B. */
function quantileThresholds(
  patterns: readonly Pattern[],
  model: LogisticModel,
  scaling: Scaling,
  folds: number,
): Thresholds | undefined {
  const weights = trainingWeights(folds, -1)
  const scored = patterns
    .map((p) => {
      const [w, l] = weights(p.counts)
      return { total: totalOf(p, model, scaling), n: w + l }
    })
    .filter((s) => s.n > 0)
    .sort((a, b) => b.total - a.total)
  const all = scored.reduce((s, x) => s + x.n, 0)
  const at = (share: number) => {
    let seen = 0
    for (const s of scored) {
      seen += s.n
      if (seen >= share * all) return Math.round(s.total * 100) / 100
    }
    return 0
  }
  const A = at(0.1)
  const B = at(0.3)
  const C = at(0.6)
  if (!(A > B && B > C && C > 0)) return undefined
  return { qualify: B, disqualify: 0, grades: { A, B, C } }
}

/** The out-of-fold predictions as totals of the fitted rubric, the scale its calibration reads. */
function oofTotals(best: PenaltyScore, scaling: Scaling): TotalLevel[] {
  return best.oof.map((o) => ({
    total: Math.min(100, Math.max(0, scaling.perLogit * (o.score - scaling.offset))),
    won: o.won,
    lost: o.lost,
  }))
}

/** Platt scaling of the out-of-fold log-odds, rewritten over the rubric's total. */
function platt(best: PenaltyScore, scaling: Scaling, rows: number): PlattCalibration {
  const entries = best.oof.map((o) => ({
    index: Int32Array.of(0),
    value: Float64Array.of(o.score),
    won: o.won,
    lost: o.lost,
  }))
  const fitted = fitLogistic(entries, 1, { l2: 1e-6 })
  const a = fitted.intercept
  const b = Math.max(0, fitted.coefficients[0] ?? 0)
  const slope = scaling.perLogit > 0 ? b / scaling.perLogit : 0
  const intercept = a + b * scaling.offset
  return { method: 'platt', intercept: round6(intercept), slope: round6(slope), rows }
}

function coefficientsOf(
  scaling: Scaling,
  patterns: readonly Pattern[],
  selection: Selection,
  folds: number,
): FitResult['coefficients'] {
  const rows = new Map<number, number>()
  const weights = trainingWeights(folds, -1)
  for (const p of patterns) {
    const [w, l] = weights(p.counts)
    for (const c of p.cells) rows.set(c, (rows.get(c) ?? 0) + w + l)
  }
  return scaling.groups.flatMap((s) => {
    const offset = selection.groups.find((g) => g.group === s.group)?.offset ?? 0
    return s.points.map((points, i) => ({
      criterion: s.name,
      rule: ruleId(s, i),
      coefficient: round6(s.coefficients[i] ?? 0),
      points,
      rows: rows.get(offset + i) ?? 0,
    }))
  })
}

function ruleId(s: { group: Group; name: string }, i: number): string {
  const cells = cellCount(s.group)
  if (s.group.type === 'categorical' && i === cells - 2) return `${s.name}.other`
  if (s.group.type !== 'binary' && i === cells - 1) return `${s.name}.unknown`
  return `${s.name}.${i + 1}`
}

function holdoutReport(definition: Rubric, patterns: readonly Pattern[], folds: number): BacktestReport {
  const backtest = createBacktest({ id: 'fitted', version: 1, compiled: compileRubric(definition) })
  for (const p of patterns) {
    const won = p.counts[2 * folds] as number
    const lost = p.counts[2 * folds + 1] as number
    if (won + lost > 0 && p.example !== undefined) backtest.addCounts(p.example, won, lost)
  }
  return backtest.report()
}

function describeFit(rows: number, l2: number, folds: number, settings: Settings): string {
  const held = Math.round(settings.holdout * 100)
  return (
    `Fitted on ${rows} labelled rows (seed ${settings.seed}; ${held}% held out for the backtest). ` +
    `L2-regularised logistic regression (Newton/IRLS) on one indicator per rule, the penalty (${l2}) chosen by ` +
    `${folds}-fold cross-validation on out-of-fold log loss. Each criterion reads one fact with disjoint rules ` +
    '(values, bins, unknown), so the total is an increasing affine function of the log-odds; weights are ' +
    "proportional to each criterion's range of log-odds. Calibrated by " +
    (settings.calibration === 'isotonic' ? 'isotonic regression (pool-adjacent-violators)' : 'Platt scaling') +
    ' of out-of-fold predictions.' +
    (settings.proposals === undefined ? '' : ` Rules proposed from the first ${settings.proposals.sampleRows} rows.`)
  )
}
