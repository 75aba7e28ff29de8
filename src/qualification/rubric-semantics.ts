// Checks a well-shaped rubric for what a schema cannot say: sums, orderings, references and rule/fact fit.
import { fieldInfo, type FieldInfo } from './fields.js'
import { isDecimal } from './decimal.js'
import type { Rubric } from './rubric-schema.js'
import type { Condition, FactCondition, Scalar } from './rule-schema.js'
import { isIncreasing } from './calibration-check.js'
import type { Problem } from './schema-errors.js'

export function semanticProblems(rubric: Rubric): Problem[] {
  return [
    ...weightProblems(rubric),
    ...thresholdProblems(rubric),
    ...requiredProblems(rubric),
    ...Object.entries(rubric.criteria).flatMap(([name, criterion]) =>
      criterion.rules.flatMap((rule, i) => conditionProblems(rule, `/criteria/${name}/rules/${i}`)),
    ),
    ...(rubric.knockouts ?? []).flatMap((knockout, i) => conditionProblems(knockout, `/knockouts/${i}`)),
    ...idProblems(rubric),
    ...calibrationProblems(rubric),
  ]
}

function calibrationProblems({ calibration }: Rubric): Problem[] {
  if (calibration === undefined || calibration.method !== 'isotonic') return []
  return isIncreasing(calibration.points)
    ? []
    : [
        {
          pointer: '/calibration/points',
          detail: 'points must be in increasing total with non-decreasing probability',
        },
      ]
}

function weightProblems(rubric: Rubric): Problem[] {
  const parts = Object.entries(rubric.criteria).map(([name, c]) => `${name} ${c.weight}`)
  const sum = Object.values(rubric.criteria).reduce((s, c) => s + c.weight, 0) + rubric.engagement.weight
  if (sum === 100) return []
  return [
    {
      pointer: '/criteria',
      detail: `weights must add up to 100 but criteria (${parts.join(', ')}) and engagement (${rubric.engagement.weight}) add up to ${sum}`,
    },
  ]
}

function thresholdProblems({ thresholds: t }: Rubric): Problem[] {
  const problems: Problem[] = []
  if (t.qualify <= t.disqualify)
    problems.push({
      pointer: '/thresholds/qualify',
      detail: `qualify (${t.qualify}) must be above disqualify (${t.disqualify})`,
    })
  if (t.grades.B >= t.grades.A)
    problems.push({
      pointer: '/thresholds/grades/B',
      detail: `grade B (${t.grades.B}) must be below grade A (${t.grades.A})`,
    })
  if (t.grades.C >= t.grades.B)
    problems.push({
      pointer: '/thresholds/grades/C',
      detail: `grade C (${t.grades.C}) must be below grade B (${t.grades.B})`,
    })
  return problems
}

function requiredProblems(rubric: Rubric): Problem[] {
  return (rubric.required ?? []).flatMap((name, i, all): Problem[] => {
    if (!Object.hasOwn(rubric.criteria, name))
      return [{ pointer: `/required/${i}`, detail: `unknown criterion ${JSON.stringify(name)}` }]
    if (all.indexOf(name) !== i) return [{ pointer: `/required/${i}`, detail: `${name} is listed twice` }]
    return []
  })
}

function idProblems(rubric: Rubric): Problem[] {
  const seen = new Set<string>()
  const located = [
    ...Object.entries(rubric.criteria).flatMap(([name, c]) =>
      c.rules.map((r, i) => ({ id: r.id, pointer: `/criteria/${name}/rules/${i}/id` })),
    ),
    ...(rubric.knockouts ?? []).map((k, i) => ({ id: k.id, pointer: `/knockouts/${i}/id` })),
  ]
  return located.flatMap(({ id, pointer }): Problem[] => {
    if (id === undefined) return []
    if (seen.has(id)) return [{ pointer, detail: `id ${JSON.stringify(id)} is used twice` }]
    seen.add(id)
    return []
  })
}

const KINDS_BY_RULE: Record<FactCondition['kind'], readonly FieldInfo['kind'][]> = {
  equals: ['enum', 'text', 'integer', 'decimal', 'date', 'list', 'attribute'],
  in: ['enum', 'text', 'integer', 'decimal', 'date', 'list', 'attribute'],
  not_in: ['enum', 'text', 'integer', 'decimal', 'date', 'list', 'attribute'],
  range: ['integer', 'decimal', 'attribute'],
  contains: ['text', 'list', 'attribute'],
  exists: ['enum', 'text', 'integer', 'decimal', 'date', 'list', 'attribute'],
  within_days: ['date', 'attribute'],
  within_last_days: ['date', 'attribute'],
  missing: ['enum', 'text', 'integer', 'decimal', 'date', 'list', 'attribute'],
}

function conditionProblems(condition: Condition, pointer: string): Problem[] {
  if (condition.kind === 'activity_count') {
    const { min, max } = condition
    if (min === undefined && max === undefined) return [{ pointer, detail: 'activity_count needs min, max or both' }]
    return boundsProblems(min, max, undefined, pointer)
  }
  return factConditionProblems(condition, pointer)
}

function factConditionProblems(condition: FactCondition, pointer: string): Problem[] {
  const info = fieldInfo(condition.field)
  if (!KINDS_BY_RULE[condition.kind].includes(info.kind)) {
    return [
      {
        pointer: `${pointer}/field`,
        detail: `${condition.kind} does not apply to ${condition.field} (kind: ${info.kind})`,
      },
    ]
  }
  switch (condition.kind) {
    case 'equals':
      return valueProblem(condition.value, info, `${pointer}/value`)
    case 'in':
    case 'not_in':
      return condition.values.flatMap((v, i) => valueProblem(v, info, `${pointer}/values/${i}`))
    case 'range':
      return boundsProblems(condition.min, condition.max, condition.below, pointer)
    default:
      return []
  }
}

function boundsProblems(
  min: number | undefined,
  max: number | undefined,
  below: number | undefined,
  pointer: string,
): Problem[] {
  if (min === undefined && max === undefined && below === undefined)
    return [{ pointer, detail: 'range needs min, max or below' }]
  if (max !== undefined && below !== undefined)
    return [{ pointer: `${pointer}/below`, detail: 'give max (inclusive) or below (exclusive), not both' }]
  if (min !== undefined && max !== undefined && min > max)
    return [{ pointer, detail: `min (${min}) is above max (${max})` }]
  if (min !== undefined && below !== undefined && min >= below)
    return [{ pointer, detail: `min (${min}) must be below below (${below})` }]
  return []
}

function valueProblem(value: Scalar, info: FieldInfo, pointer: string): Problem[] {
  const problem = valueMismatch(value, info)
  return problem === undefined ? [] : [{ pointer, detail: problem }]
}

function valueMismatch(value: Scalar, info: FieldInfo): string | undefined {
  switch (info.kind) {
    case 'enum':
      if (value === 'unknown') return '"unknown" counts as an absent fact and never matches'
      return typeof value === 'string' && info.values.includes(value)
        ? undefined
        : `must be one of ${info.values.join(', ')}`
    case 'integer':
      return typeof value === 'number' ? undefined : 'must be a number'
    case 'decimal':
      return typeof value === 'number' || (typeof value === 'string' && isDecimal(value))
        ? undefined
        : 'must be a number or a decimal string'
    case 'text':
    case 'date':
    case 'list':
      return typeof value === 'string' ? undefined : 'must be a string'
    case 'attribute':
      return undefined
  }
}
