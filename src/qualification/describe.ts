// A short human sentence for a condition, used as the label of rules the author did not label.
import type { Condition, Scalar } from './rule-schema.js'

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
      if (c.min !== undefined && c.max !== undefined) return `${c.field} between ${c.min} and ${c.max}`
      return c.min !== undefined ? `${c.field} at least ${c.min}` : `${c.field} at most ${c.max ?? ''}`
    case 'contains':
      return `${c.field} mentions ${c.values.map((v) => JSON.stringify(v)).join(' or ')}`
    case 'exists':
      return `${c.field} is known`
    case 'within_days':
      return `${c.field} within ${c.days} days`
  }
}
