// Turns a checked rubric into plain closures, so evaluation does no parsing. Pure and uncached: whoever scores many
// leads with one rubric version compiles it once and keeps the result (the app in its Caches).
import { ACTIVITY_TYPES, type ActivityType } from './activity.js'
import { compileActivityCount, type ActivityCounter } from './activity-window.js'
import type { Calibration } from './calibration.js'
import { describeCondition } from './describe.js'
import { factReader, type FactReader } from './fields.js'
import { compileMatcher, type Matcher } from './matchers.js'
import { checkRubric, type Problem } from './rubric-check.js'
import type { Criterion, Rubric, Thresholds } from './rubric-schema.js'
import type { Knockout, Rule } from './rule-schema.js'

/** What an activity_count rule names as its field in explanations. */
export const ACTIVITIES_FIELD = 'activities'

export class RubricError extends Error {
  constructor(readonly problems: Problem[]) {
    super(`invalid rubric: ${problems.map((p) => `${p.pointer || '/'} ${p.detail}`).join('; ')}`)
    this.name = 'RubricError'
  }
}

export interface CompiledRule {
  readonly id: string
  readonly label: string
  readonly field: string
  /** Index into the criterion's fields, or -1 for an activity count. */
  readonly fieldIndex: number
  readonly points: number
  readonly match: Matcher
  /** Set for an activity_count rule, which reads activities instead of a fact. */
  readonly count: ActivityCounter | undefined
}

export interface CompiledCriterion {
  readonly name: string
  readonly weight: number
  readonly required: boolean
  readonly minScore: number | undefined
  readonly hint: string | undefined
  readonly combine: 'sum' | 'max'
  /** Distinct facts the rules read, in first-use order; readers[i] reads fields[i]. */
  readonly fields: readonly string[]
  readonly readers: readonly FactReader[]
  readonly rules: readonly CompiledRule[]
  readonly readsActivities: boolean
}

export interface CompiledKnockout {
  readonly id: string
  readonly description: string
  readonly field: string
  readonly read: FactReader
  readonly match: Matcher
}

export interface CompiledEngagement {
  readonly weight: number
  readonly halfLifeDays: number
  readonly twoWayMultiplier: number
  readonly cap: number
  readonly points: Readonly<Record<ActivityType, number>>
}

export interface CompiledRubric {
  readonly criteria: readonly CompiledCriterion[]
  readonly engagement: CompiledEngagement
  readonly thresholds: Thresholds
  readonly knockouts: readonly CompiledKnockout[]
  readonly calibration: Calibration | undefined
}

const neverMatches: Matcher = () => undefined

function compileRule(name: string, rule: Rule, i: number, fields: readonly string[]): CompiledRule {
  const common = { id: rule.id ?? `/criteria/${name}/rules/${i}`, label: rule.label ?? describeCondition(rule) }
  if (rule.kind === 'activity_count') {
    const count = compileActivityCount(rule)
    return { ...common, field: ACTIVITIES_FIELD, fieldIndex: -1, points: rule.points, match: neverMatches, count }
  }
  const { field, points } = rule
  return { ...common, field, fieldIndex: fields.indexOf(field), points, match: compileMatcher(rule), count: undefined }
}

function compileCriterion(name: string, criterion: Criterion, required: boolean): CompiledCriterion {
  const fields = [...new Set(criterion.rules.flatMap((r) => (r.kind === 'activity_count' ? [] : [r.field])))]
  const rules = criterion.rules.map((rule, i) => compileRule(name, rule, i, fields))
  return {
    name,
    weight: criterion.weight,
    required,
    minScore: criterion.min_score,
    hint: criterion.hint,
    combine: criterion.combine ?? 'sum',
    fields,
    readers: fields.map(factReader),
    rules,
    readsActivities: rules.some((r) => r.count !== undefined),
  }
}

function compileKnockout(knockout: Knockout): CompiledKnockout {
  const { id, description, field } = knockout
  return { id, description, field, read: factReader(field), match: compileMatcher(knockout) }
}

function compileEngagement(e: Rubric['engagement']): CompiledEngagement {
  const points = Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, e.points[t] ?? 0])) as Record<ActivityType, number>
  return {
    weight: e.weight,
    halfLifeDays: e.half_life_days,
    twoWayMultiplier: e.two_way_multiplier ?? 1,
    cap: e.cap,
    points,
  }
}

/** Throws RubricError when the rubric fails checkRubric. */
export function compileRubric(rubric: Rubric): CompiledRubric {
  const problems = checkRubric(rubric)
  if (problems.length > 0) throw new RubricError(problems)
  const required = new Set(rubric.required ?? [])
  return {
    criteria: Object.entries(rubric.criteria).map(([name, c]) => compileCriterion(name, c, required.has(name))),
    engagement: compileEngagement(rubric.engagement),
    thresholds: { ...rubric.thresholds, grades: { ...rubric.thresholds.grades } },
    knockouts: (rubric.knockouts ?? []).map(compileKnockout),
    calibration: rubric.calibration,
  }
}
