// Scores one criterion: which rules matched which facts, which facts are unknown, and the clamped score.
import type { DatedActivity } from './activity-window.js'
import type { CompiledCriterion, CompiledRule } from './compile.js'
import type { CriterionResult, FactValue, Reason } from './evaluation-schema.js'
import type { Fact } from './fields.js'
import type { LeadFacts } from './lead.js'
import { clamp, round2 } from './round.js'

/** What a rule may look at besides the lead's facts; activities are parsed only when a rule asks for them. */
export interface MatchContext {
  readonly today: number
  readonly asOfMs: number
  readonly activities: () => readonly DatedActivity[]
}

/** The value a rule matched (null: it matched an unknown fact), or undefined when it did not fire. */
export function ruleValue(
  rule: CompiledRule,
  facts: readonly (Fact | undefined)[],
  context: MatchContext,
): Fact | null | undefined {
  if (rule.count !== undefined) return rule.count(context.activities(), context.asOfMs)
  return rule.match(facts[rule.fieldIndex], context.today)
}

function matchedReasons(
  criterion: CompiledCriterion,
  facts: readonly (Fact | undefined)[],
  context: MatchContext,
): Reason[] {
  const reasons: Reason[] = []
  for (const rule of criterion.rules) {
    const value = ruleValue(rule, facts, context)
    if (value !== undefined) {
      reasons.push({
        rule: rule.id,
        label: rule.label,
        field: rule.field,
        value: value as FactValue,
        points: rule.points,
      })
    }
  }
  return reasons
}

// With "max" only the best rule counts, so it alone is the reason; ties go to the first rule.
function best(reasons: Reason[]): Reason[] {
  let top: Reason | undefined
  for (const r of reasons) if (top === undefined || r.points > top.points) top = r
  return top === undefined ? [] : [top]
}

export function readFacts(criterion: CompiledCriterion, lead: LeadFacts): (Fact | undefined)[] {
  return criterion.readers.map((read) => read(lead))
}

export function scoreCriterion(criterion: CompiledCriterion, lead: LeadFacts, context: MatchContext): CriterionResult {
  const facts = readFacts(criterion, lead)
  const missing = criterion.fields.filter((_, i) => facts[i] === undefined)
  const { weight } = criterion
  // Unknown is never scored as good by default: only rules that say so (kind missing) give an unknown fact points.
  const unknown = !criterion.readsActivities && missing.length === criterion.fields.length
  const matched = matchedReasons(criterion, facts, context)
  const reasons = criterion.combine === 'max' ? best(matched) : matched
  let points = 0
  for (const r of reasons) points += r.points
  const score = round2(clamp(points, 0, 100))
  return { status: unknown ? 'missing' : 'scored', score, weight, contribution: 0, reasons, missing }
}
