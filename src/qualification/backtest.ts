// Backtest: scores labelled rows with a rubric and accumulates, in bounded memory, how well the scores predicted.
import type { Activity } from './activity.js'
import { type BacktestReport, type RuleStats } from './backtest-schema.js'
import { winProbability } from './calibration.js'
import type { CompiledRubric } from './compile.js'
import { readFacts, ruleValue } from './criteria.js'
import { dayOf, parseInstant } from './dates.js'
import { evaluate, matchContext } from './evaluate.js'
import { DECISIONS, GRADES, type Decision, type Grade } from './evaluation-schema.js'
import type { LabelledRow } from './labelled.js'
import type { LeadFacts } from './lead.js'
import { aucOfLevels, probabilityScores, type Level } from './metrics.js'
import type { RubricRef } from './rubric-schema.js'

// Totals are reported in hundredths of a point, so 10,001 bins hold every possible total exactly.
const BINS = 10_001
const NO_ACTIVITIES: readonly Activity[] = []

export interface Backtest {
  /** Scores one row as of its as_of; throws RangeError when as_of is not an RFC 3339 instant. */
  add(row: LabelledRow): void
  /** Adds `won` + `lost` rows that all look like `row` (same facts, same score), e.g. deduplicated patterns. */
  addCounts(row: Omit<LabelledRow, 'outcome'>, won: number, lost: number): void
  report(): BacktestReport
}

interface Counts {
  rows: number
  won: number
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : round6(part / whole)
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6
}

function segment(
  c: Counts,
  baseRate: number | null,
): { rows: number; won: number; conversion: number | null; lift: number | null } {
  const conversion = rate(c.won, c.rows)
  return { rows: c.rows, won: c.won, conversion, lift: liftOf(conversion, baseRate) }
}

function liftOf(conversion: number | null, baseRate: number | null): number | null {
  return conversion === null || baseRate === null || baseRate === 0 ? null : round6(conversion / baseRate)
}

interface RuleRef {
  readonly rule: string
  readonly label: string
  readonly criterion: string | null
}

function ruleRefs(compiled: CompiledRubric): RuleRef[] {
  return [
    ...compiled.criteria.flatMap((c) => c.rules.map((r) => ({ rule: r.id, label: r.label, criterion: c.name }))),
    ...compiled.knockouts.map((k) => ({ rule: k.id, label: k.description.slice(0, 300), criterion: null })),
  ]
}

/** Marks in `fired` every rule and knockout of the rubric that matches the lead, in ruleRefs order. */
function markFired(
  compiled: CompiledRubric,
  lead: LeadFacts,
  activities: readonly Activity[],
  asOfMs: number,
  fired: Uint8Array,
): void {
  const today = dayOf(asOfMs)
  const context = matchContext(activities, asOfMs, today)
  let i = 0
  for (const criterion of compiled.criteria) {
    const facts = readFacts(criterion, lead)
    for (const rule of criterion.rules) fired[i++] = ruleValue(rule, facts, context) === undefined ? 0 : 1
  }
  for (const k of compiled.knockouts) fired[i++] = k.match(k.read(lead), today) === undefined ? 0 : 1
}

export function createBacktest(rubric: RubricRef & { readonly compiled: CompiledRubric }): Backtest {
  const { compiled } = rubric
  const refs = ruleRefs(compiled)
  const wonAt = new Float64Array(BINS)
  const lostAt = new Float64Array(BINS)
  const grades = new Map<Grade, Counts>(GRADES.map((g) => [g, { rows: 0, won: 0 }]))
  const decisions = new Map<Decision, Counts>(DECISIONS.map((d) => [d, { rows: 0, won: 0 }]))
  const ruleFired = new Float64Array(refs.length)
  const ruleWon = new Float64Array(refs.length)
  const fired = new Uint8Array(refs.length)

  function addCounts(row: Omit<LabelledRow, 'outcome'>, won: number, lost: number): void {
    const asOfMs = parseInstant(row.as_of)
    if (Number.isNaN(asOfMs)) throw new RangeError(`as_of is not an RFC 3339 date-time: ${row.as_of}`)
    const activities = row.activities ?? NO_ACTIVITIES
    const e = evaluate({ lead: row.lead, activities, rubric, asOf: new Date(asOfMs) })
    const bin = Math.round(e.total * 100)
    wonAt[bin] = (wonAt[bin] ?? 0) + won
    lostAt[bin] = (lostAt[bin] ?? 0) + lost
    const g = grades.get(e.grade) as Counts
    g.rows += won + lost
    g.won += won
    const d = decisions.get(e.decision) as Counts
    d.rows += won + lost
    d.won += won
    markFired(compiled, row.lead, activities, asOfMs, fired)
    for (let i = 0; i < fired.length; i++) {
      if (fired[i] === 1) {
        ruleFired[i] = (ruleFired[i] ?? 0) + won + lost
        ruleWon[i] = (ruleWon[i] ?? 0) + won
      }
    }
  }

  return {
    add: (row) => addCounts(row, row.outcome === 'won' ? 1 : 0, row.outcome === 'won' ? 0 : 1),
    addCounts,
    report: () => buildReport({ rubric, compiled, refs, wonAt, lostAt, grades, decisions, ruleFired, ruleWon }),
  }
}

interface State {
  readonly rubric: RubricRef
  readonly compiled: CompiledRubric
  readonly refs: readonly RuleRef[]
  readonly wonAt: Float64Array
  readonly lostAt: Float64Array
  readonly grades: ReadonlyMap<Grade, Counts>
  readonly decisions: ReadonlyMap<Decision, Counts>
  readonly ruleFired: Float64Array
  readonly ruleWon: Float64Array
}

interface Scored {
  readonly totals: number[]
  readonly levels: Level[]
  readonly p: number[]
}

function scoredLevels({ wonAt, lostAt, compiled }: State): Scored {
  const totals: number[] = []
  const levels: Level[] = []
  const p: number[] = []
  const { calibration } = compiled
  for (let bin = 0; bin < BINS; bin++) {
    const won = wonAt[bin] ?? 0
    const lost = lostAt[bin] ?? 0
    if (won + lost === 0) continue
    const total = bin / 100
    totals.push(total)
    levels.push({ won, lost })
    p.push(calibration === undefined ? total / 100 : winProbability(calibration, total))
  }
  return { totals, levels, p }
}

function buildReport(state: State): BacktestReport {
  const scored = scoredLevels(state)
  let won = 0
  let rows = 0
  for (const l of scored.levels) {
    won += l.won
    rows += l.won + l.lost
  }
  const baseRate = rate(won, rows)
  const auc = aucOfLevels(scored.levels)
  const scores = probabilityScores(scored.levels, scored.p)
  return {
    rubric: { id: state.rubric.id, version: state.rubric.version },
    rows,
    won,
    lost: rows - won,
    base_rate: baseRate,
    auc: auc === undefined ? null : { value: round6(auc.value), lower: round6(auc.lower), upper: round6(auc.upper) },
    probability_source: state.compiled.calibration === undefined ? 'total' : 'calibration',
    brier: scores === undefined ? null : round6(scores.brier),
    log_loss: scores === undefined ? null : round6(scores.logLoss),
    deciles: deciles(scored, rows, baseRate),
    grades: GRADES.map((grade) => ({ grade, ...segment(state.grades.get(grade) as Counts, baseRate) })),
    decisions: DECISIONS.map((decision) => ({
      decision,
      ...segment(state.decisions.get(decision) as Counts, baseRate),
    })),
    reliability: reliability(scored),
    rules: ruleStats(state, rows, won, baseRate),
  }
}

// Highest totals first; a whole level goes to the decile its first row falls in, so ties are never split.
function deciles({ totals, levels }: Scored, rows: number, baseRate: number | null): BacktestReport['deciles'] {
  const acc = Array.from({ length: 10 }, () => ({ rows: 0, won: 0, min: Infinity, max: -Infinity }))
  let above = 0
  for (let i = levels.length - 1; i >= 0; i--) {
    const l = levels[i] as Level
    const n = l.won + l.lost
    const d = acc[Math.min(9, Math.floor((10 * above) / rows))] as (typeof acc)[number]
    const total = totals[i] as number
    d.rows += n
    d.won += l.won
    d.min = Math.min(d.min, total)
    d.max = Math.max(d.max, total)
    above += n
  }
  return acc.map((d, i) => ({
    decile: i + 1,
    min_total: d.rows === 0 ? null : d.min,
    max_total: d.rows === 0 ? null : d.max,
    ...segment(d, baseRate),
  }))
}

function reliability({ levels, p }: Scored): BacktestReport['reliability'] {
  const acc = Array.from({ length: 10 }, () => ({ rows: 0, won: 0, predicted: 0 }))
  levels.forEach((l, i) => {
    const q = p[i] as number
    const b = acc[Math.min(9, Math.floor(q * 10))] as (typeof acc)[number]
    const n = l.won + l.lost
    b.rows += n
    b.won += l.won
    b.predicted += q * n
  })
  return acc.map((b, i) => ({
    low: i / 10,
    high: (i + 1) / 10,
    rows: b.rows,
    mean_predicted: rate(b.predicted, b.rows),
    observed: rate(b.won, b.rows),
  }))
}

function ruleStats(state: State, rows: number, won: number, baseRate: number | null): RuleStats[] {
  return state.refs.map((ref, i) => {
    const fired = state.ruleFired[i] ?? 0
    const wonFired = state.ruleWon[i] ?? 0
    const conversion = rate(wonFired, fired)
    return {
      ...ref,
      fired,
      won_when_fired: wonFired,
      conversion_when_fired: conversion,
      conversion_when_not_fired: rate(won - wonFired, rows - fired),
      lift: liftOf(conversion, baseRate),
    }
  })
}
