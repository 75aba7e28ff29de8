// evaluate: scores a lead against a rubric version as of a given instant, and explains every point.
import type { Activity } from './activity.js'
import { datedActivities, type DatedActivity } from './activity-window.js'
import { apportion } from './apportion.js'
import { winProbability } from './calibration.js'
import type { CompiledRubric } from './compile.js'
import { scoreCriterion, type MatchContext } from './criteria.js'
import { dayOf } from './dates.js'
import { blockingOf, decisionOf, gradeOf } from './decision.js'
import { scoreEngagement } from './engagement.js'
import type { CriterionResult, Evaluation } from './evaluation-schema.js'
import { matchKnockouts } from './knockouts.js'
import type { LeadFacts } from './lead.js'
import type { RubricRef } from './rubric-schema.js'

export function matchContext(activities: readonly Activity[], asOfMs: number, today: number): MatchContext {
  let dated: DatedActivity[] | undefined
  return { today, asOfMs, activities: () => (dated ??= datedActivities(activities, asOfMs)) }
}

export interface EvaluateInput {
  readonly lead: LeadFacts
  readonly activities: readonly Activity[]
  /** The version's id and number, and its compiled form (compileRubric), which callers keep per version. */
  readonly rubric: RubricRef & { readonly compiled: CompiledRubric }
  readonly asOf: Date
}

/** Pure: the same input gives the same output. */
export function evaluate({ lead, activities, rubric, asOf }: EvaluateInput): Evaluation {
  const asOfMs = asOf.getTime()
  if (Number.isNaN(asOfMs)) throw new RangeError('asOf is not a valid date')
  const { compiled } = rubric
  const today = dayOf(asOfMs)
  const context = matchContext(activities, asOfMs, today)
  const criteria: Record<string, CriterionResult> = {}
  const results = compiled.criteria.map((c) => (criteria[c.name] = scoreCriterion(c, lead, context)))
  const engagement = scoreEngagement(compiled.engagement, activities, asOfMs)
  const parts: { score: number; weight: number; contribution: number }[] = [...results, engagement]
  const { total, contributions } = apportion(parts)
  parts.forEach((part, i) => {
    part.contribution = contributions[i] ?? 0
  })
  const { thresholds } = compiled
  const knockouts = matchKnockouts(compiled.knockouts, lead, today)
  const blocking = blockingOf({ total, thresholds, knockouts, criteria: compiled.criteria, results })
  const { calibration } = compiled
  return {
    total,
    grade: gradeOf(total, thresholds),
    ...(calibration === undefined ? {} : { win_probability: winProbability(calibration, total) }),
    decision: decisionOf(total, thresholds, knockouts, blocking),
    criteria,
    engagement,
    knockouts,
    blocking,
    rubric: { id: rubric.id, version: rubric.version },
    evaluated_at: asOf.toISOString(),
  }
}
