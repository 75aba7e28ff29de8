// Scores one criterion: which rules matched which facts, which facts are unknown, and the clamped score.
import type { CompiledCriterion } from './compile.js'
import type { CriterionResult, FactValue, Reason } from './evaluation-schema.js'
import type { Fact } from './fields.js'
import type { LeadFacts } from './lead.js'
import { clamp, round2 } from './round.js'

function matchedReasons(criterion: CompiledCriterion, facts: readonly (Fact | undefined)[], today: number): Reason[] {
  const reasons: Reason[] = []
  for (const rule of criterion.rules) {
    const fact = facts[rule.fieldIndex]
    const value = fact === undefined ? undefined : rule.match(fact, today)
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

export function scoreCriterion(criterion: CompiledCriterion, lead: LeadFacts, today: number): CriterionResult {
  const facts = criterion.readers.map((read) => read(lead))
  const missing = criterion.fields.filter((_, i) => facts[i] === undefined)
  const { weight } = criterion
  // Unknown is never scored as good: no known fact, no points.
  if (missing.length === criterion.fields.length) {
    return { status: 'missing', score: 0, weight, contribution: 0, reasons: [], missing }
  }
  const matched = matchedReasons(criterion, facts, today)
  const reasons = criterion.combine === 'max' ? best(matched) : matched
  let points = 0
  for (const r of reasons) points += r.points
  return { status: 'scored', score: round2(clamp(points, 0, 100)), weight, contribution: 0, reasons, missing }
}
