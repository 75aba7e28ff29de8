// A short human sentence for a condition, used as the label of rules the author did not label.
import type { ActivityCondition, Condition, Scalar } from './rule-schema.js'

const SHOWN = 6

function list(values: readonly Scalar[]): string {
  const shown = values
    .slice(0, SHOWN)
    .map((v) => JSON.stringify(v))
    .join(', ')
  return values.length > SHOWN ? `[${shown}, … ${values.length - SHOWN} more]` : `[${shown}]`
}

export function describeCondition(c: Condition): string {
  switch (c.kind) {
    case 'equals':
      return `${c.field} is ${JSON.stringify(c.value)}`
    case 'in':
      return `${c.field} in ${list(c.values)}`
    case 'not_in':
      return `${c.field} not in ${list(c.values)}`
    case 'range':
      return describeRange(c.field, c.min, c.max, c.below)
    case 'contains':
      return `${c.field} mentions ${c.values.map((v) => JSON.stringify(v)).join(' or ')}`
    case 'exists':
      return `${c.field} is known`
    case 'within_days':
      return `${c.field} within ${c.days} days`
    case 'within_last_days':
      return `${c.field} in the last ${c.days} days`
    case 'missing':
      return `${c.field} is unknown`
    case 'activity_count':
      return describeCount(c)
  }
}

function describeRange(field: string, min?: number, max?: number, below?: number): string {
  if (min !== undefined && max !== undefined) return `${field} between ${min} and ${max}`
  if (min !== undefined && below !== undefined) return `${field} from ${min} to below ${below}`
  if (min !== undefined) return `${field} at least ${min}`
  return below !== undefined ? `${field} below ${below}` : `${field} at most ${max ?? ''}`
}

function describeCount(c: ActivityCondition): string {
  const what = `${c.direction === undefined ? '' : `${c.direction} `}${c.types.join('/')}`
  const bounds =
    c.min !== undefined && c.max !== undefined
      ? `${c.min} to ${c.max}`
      : c.min !== undefined
        ? `at least ${c.min}`
        : `at most ${c.max ?? ''}`
  return `${bounds} ${what} in the last ${c.days} days`
}
