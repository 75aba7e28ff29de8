// Compiles one condition (equals, in, range...) into a function that says which fact value it matched.
import { canonicalDecimal, compareParsed, isDecimal, numberToDecimal, parseDecimal } from './decimal.js'
import { dayNumber } from './dates.js'
import { fieldInfo, type Fact, type FieldInfo } from './fields.js'
import type { Condition, Scalar } from './rule-schema.js'

/** The matched value (an array fact yields the element that matched), or undefined. `today` is a UTC day number. */
export type Matcher = (fact: Fact, today: number) => Fact | undefined

type Key = string | number | boolean | undefined

// How a value is spelled for set membership; text compares case-insensitively, decimals by value.
function keyFunction(info: FieldInfo): (value: Scalar) => Key {
  switch (info.kind) {
    case 'enum':
    case 'date':
      return (v) => v
    case 'text':
    case 'list':
      return (v) => (typeof v === 'string' ? v.toLowerCase() : undefined)
    case 'integer':
      return (v) => (typeof v === 'number' ? v : undefined)
    case 'decimal':
      return (v) =>
        typeof v === 'number' ? numberToDecimal(v) : isDecimal(String(v)) ? canonicalDecimal(String(v)) : undefined
    case 'attribute':
      return attributeKey
  }
}

function attributeKey(value: Scalar): Key {
  if (typeof value === 'number') return `n:${numberToDecimal(value)}`
  if (typeof value === 'string') return isDecimal(value) ? `n:${canonicalDecimal(value)}` : `s:${value.toLowerCase()}`
  return `b:${value}`
}

function membership(values: readonly Scalar[], info: FieldInfo, negate: boolean): Matcher {
  const key = keyFunction(info)
  const set = new Set(values.map(key))
  set.delete(undefined)
  const isIn = (v: string | number | boolean) => set.has(key(v))
  if (negate)
    return (fact) =>
      Array.isArray(fact) ? (fact.some(isIn) ? undefined : fact) : isIn(fact as Scalar) ? undefined : fact
  return (fact) => (Array.isArray(fact) ? fact.find(isIn) : isIn(fact as Scalar) ? fact : undefined)
}

function range(min: number | undefined, max: number | undefined): Matcher {
  const low = min === undefined ? undefined : parseDecimal(numberToDecimal(min))
  const high = max === undefined ? undefined : parseDecimal(numberToDecimal(max))
  return (fact) => {
    if (typeof fact === 'number')
      return (min === undefined || fact >= min) && (max === undefined || fact <= max) ? fact : undefined
    const value = typeof fact === 'string' ? parseDecimal(fact) : undefined
    if (value === undefined) return undefined
    const inside =
      (low === undefined || compareParsed(value, low) >= 0) && (high === undefined || compareParsed(value, high) <= 0)
    return inside ? fact : undefined
  }
}

function contains(needles: readonly string[]): Matcher {
  const lowered = needles.map((n) => n.toLowerCase())
  const hit = (text: string) => {
    const haystack = text.toLowerCase()
    return lowered.some((n) => haystack.includes(n))
  }
  return (fact) => {
    if (typeof fact === 'string') return hit(fact) ? fact : undefined
    return Array.isArray(fact) ? fact.find(hit) : undefined
  }
}

// A date already past does not match: a missed deadline is stale, not urgent.
function withinDays(days: number): Matcher {
  return (fact, today) => {
    if (typeof fact !== 'string') return undefined
    const ahead = dayNumber(fact) - today
    return ahead >= 0 && ahead <= days ? fact : undefined
  }
}

export function compileMatcher(condition: Condition): Matcher {
  const info = fieldInfo(condition.field)
  switch (condition.kind) {
    case 'equals':
      return membership([condition.value], info, false)
    case 'in':
      return membership(condition.values, info, false)
    case 'not_in':
      return membership(condition.values, info, true)
    case 'range':
      return range(condition.min, condition.max)
    case 'contains':
      return contains(condition.values)
    case 'exists':
      return (fact) => fact
    case 'within_days':
      return withinDays(condition.days)
  }
}
