// Grade, decision and the exact list of conditions that stand between a lead and "qualified".
import type { CompiledCriterion } from './compile.js'
import type { Blocking, CriterionResult, Decision, Grade, KnockoutHit } from './evaluation-schema.js'
import type { Thresholds } from './rubric-schema.js'

export function gradeOf(total: number, { grades }: Thresholds): Grade {
  if (total >= grades.A) return 'A'
  if (total >= grades.B) return 'B'
  return total >= grades.C ? 'C' : 'D'
}

function criterionBlocking(criterion: CompiledCriterion, result: CriterionResult): Blocking | undefined {
  const { name } = criterion
  const unknown = result.missing.join(', ')
  if (result.status === 'missing') {
    if (!criterion.required) return undefined
    const detail = `${name} is unknown (${unknown}): ${criterion.hint ?? `find out ${result.missing.join(' or ')}`}`
    return {
      code: 'criterion_missing',
      criterion: name,
      ...(result.missing[0] === undefined ? {} : { field: result.missing[0] }),
      detail,
    }
  }
  if (criterion.minScore !== undefined && result.score < criterion.minScore) {
    const detail = `${name} scored ${result.score}, below its minimum of ${criterion.minScore}${unknown === '' ? '' : ` (unknown: ${unknown})`}`
    return { code: 'below_min_score', criterion: name, detail }
  }
  return undefined
}

export interface BlockingInput {
  readonly total: number
  readonly thresholds: Thresholds
  readonly knockouts: readonly KnockoutHit[]
  readonly criteria: readonly CompiledCriterion[]
  readonly results: readonly CriterionResult[]
}

export function blockingOf({ total, thresholds, knockouts, criteria, results }: BlockingInput): Blocking[] {
  const blocking: Blocking[] = knockouts.map((k) => ({
    code: 'knockout',
    field: k.field,
    detail: `knockout ${k.id}: ${k.description} (${k.field} is ${JSON.stringify(k.value)})`,
  }))
  if (total < thresholds.qualify) {
    blocking.push({
      code: 'total_below_threshold',
      detail: `total ${total} is below the qualify threshold of ${thresholds.qualify}`,
    })
  }
  criteria.forEach((c, i) => {
    const result = results[i]
    const entry = result === undefined ? undefined : criterionBlocking(c, result)
    if (entry !== undefined) blocking.push(entry)
  })
  return blocking
}

// qualify > disqualify (checked on the rubric) makes "blocking is empty" equivalent to "qualified".
export function decisionOf(
  total: number,
  thresholds: Thresholds,
  knockouts: readonly KnockoutHit[],
  blocking: readonly Blocking[],
): Decision {
  if (knockouts.length > 0 || total < thresholds.disqualify) return 'disqualified'
  return blocking.length === 0 ? 'qualified' : 'nurture'
}
