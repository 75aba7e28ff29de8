// Compiles one condition (equals, in, range, missing...) into a function that says which fact value it matched.
import { canonicalDecimal, compareParsed, isDecimal, numberToDecimal, parseDecimal } from './decimal.js'
import { factDay } from './dates.js'
import { fieldInfo, type Fact, type FieldInfo } from './fields.js'
import type { FactCondition, Scalar } from './rule-schema.js'

/**
 * The matched value (an array fact yields the element that matched), null when a `missing` condition matched
 * an unknown fact, or undefined for no match. `today` is a UTC day number.
 */
export type Matcher = (fact: Fact | undefined, today: number) => Fact | null | undefined

type Key = string | number | boolean | undefined

// How a value is spelled for set membership; text compares case-insensitively, decimals by value.
export function keyFunction(info: FieldInfo): (value: Scalar) => Key {
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

type KnownMatcher = (fact: Fact, today: number) => Fact | undefined

function membership(values: readonly Scalar[], info: FieldInfo, negate: boolean): KnownMatcher {
  const key = keyFunction(info)
  const set = new Set(values.map(key))
  set.delete(undefined)
  const isIn = (v: string | number | boolean) => set.has(key(v))
  if (negate)
    return (fact) =>
      Array.isArray(fact) ? (fact.some(isIn) ? undefined : fact) : isIn(fact as Scalar) ? undefined : fact
  return (fact) => (Array.isArray(fact) ? fact.find(isIn) : isIn(fact as Scalar) ? fact : undefined)
}

// Numbers compare as numbers; decimal strings exactly, so money never goes through a double.
function range(min: number | undefined, max: number | undefined, below: number | undefined): KnownMatcher {
  const bound = (b: number | undefined) => (b === undefined ? undefined : parseDecimal(numberToDecimal(b)))
  const low = bound(min)
  const high = bound(max)
  const end = bound(below)
  return (fact) => {
    if (typeof fact === 'number')
      return (min === undefined || fact >= min) &&
        (max === undefined || fact <= max) &&
        (below === undefined || fact < below)
        ? fact
        : undefined
    const value = typeof fact === 'string' ? parseDecimal(fact) : undefined
    if (value === undefined) return undefined
    const inside =
      (low === undefined || compareParsed(value, low) >= 0) &&
      (high === undefined || compareParsed(value, high) <= 0) &&
      (end === undefined || compareParsed(value, end) < 0)
    return inside ? fact : undefined
  }
}

function contains(needles: readonly string[]): KnownMatcher {
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

// Ahead: a date already past does not match (a missed deadline is stale, not urgent). Behind: a look-back window.
function withinDays(days: number, ahead: boolean): KnownMatcher {
  return (fact, today) => {
    if (typeof fact !== 'string') return undefined
    const distance = ahead ? factDay(fact) - today : today - factDay(fact)
    return distance >= 0 && distance <= days ? fact : undefined
  }
}

function known(condition: Exclude<FactCondition, { kind: 'missing' }>, info: FieldInfo): KnownMatcher {
  switch (condition.kind) {
    case 'equals':
      return membership([condition.value], info, false)
    case 'in':
      return membership(condition.values, info, false)
    case 'not_in':
      return membership(condition.values, info, true)
    case 'range':
      return range(condition.min, condition.max, condition.below)
    case 'contains':
      return contains(condition.values)
    case 'exists':
      return (fact) => fact
    case 'within_days':
      return withinDays(condition.days, true)
    case 'within_last_days':
      return withinDays(condition.days, false)
  }
}

export function compileMatcher(condition: FactCondition): Matcher {
  if (condition.kind === 'missing') return (fact) => (fact === undefined ? null : undefined)
  const match = known(condition, fieldInfo(condition.field))
  return (fact, today) => (fact === undefined ? undefined : match(fact, today))
}
