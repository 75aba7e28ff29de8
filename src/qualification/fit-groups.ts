// The features of a fit: per fact a partition of its states (values, bins, unknown), plus single base rules.
import type { Activity } from './activity.js'
import { compileActivityCount, datedActivities } from './activity-window.js'
import { describeCondition } from './describe.js'
import { dayOf } from './dates.js'
import { factReader, fieldInfo, FIXED_FIELD_PATHS, type Fact, type FactReader, type FieldInfo } from './fields.js'
import type { LeadFacts } from './lead.js'
import { compileMatcher, keyFunction } from './matchers.js'
import type { Rubric } from './rubric-schema.js'
import type { Rule, Scalar } from './rule-schema.js'

/** A partition of one categorical fact: listed value sets, then "any other value", then "unknown". */
export interface CategoricalGroup {
  readonly type: 'categorical'
  readonly field: string
  readonly sets: readonly (readonly Scalar[])[]
}

/** A partition of one numeric fact into bins at increasing cut points, then "unknown". */
export interface NumericGroup {
  readonly type: 'numeric'
  readonly field: string
  readonly cuts: readonly number[]
}

/** One base rule that cannot be split into states (contains, exists, dates, counts...): it fires or not. */
export interface BinaryGroup {
  readonly type: 'binary'
  readonly rule: Rule
}

export type Group = CategoricalGroup | NumericGroup | BinaryGroup

/** How many indicator features a group has; each row turns on at most one of them. */
export function cellCount(group: Group): number {
  switch (group.type) {
    case 'categorical':
      return group.sets.length + 2
    case 'numeric':
      return group.cuts.length + 2
    case 'binary':
      return 1
  }
}

export type CellOf = (lead: LeadFacts, activities: readonly Activity[], asOfMs: number) => number

function numberOf(fact: Fact): number {
  if (typeof fact === 'number') return fact
  return typeof fact === 'string' && fact.trim() !== '' ? Number(fact) : Number.NaN
}

/** The cell a row falls in (-1: none, which only a non-numeric value in a numeric group can cause). */
export function cellFunction(group: Group): CellOf {
  switch (group.type) {
    case 'categorical': {
      const read = factReader(group.field)
      const key = keyFunction(fieldInfo(group.field))
      const cells = new Map<unknown, number>()
      group.sets.forEach((set, i) => set.forEach((v) => cells.set(key(v), i)))
      const other = group.sets.length
      return (lead) => {
        const fact = read(lead)
        if (fact === undefined) return other + 1
        return Array.isArray(fact) ? other : (cells.get(key(fact as Scalar)) ?? other)
      }
    }
    case 'numeric': {
      const read = factReader(group.field)
      const { cuts } = group
      return (lead) => {
        const fact = read(lead)
        if (fact === undefined) return cuts.length + 1
        const x = numberOf(fact)
        if (Number.isNaN(x)) return -1
        let i = 0
        while (i < cuts.length && x >= (cuts[i] as number)) i++
        return i
      }
    }
    case 'binary':
      return binaryCell(group.rule)
  }
}

function binaryCell(rule: Rule): CellOf {
  if (rule.kind === 'activity_count') {
    const count = compileActivityCount(rule)
    return (_lead, activities, asOfMs) => (count(datedActivities(activities, asOfMs), asOfMs) === undefined ? -1 : 0)
  }
  const read: FactReader = factReader(rule.field)
  const match = compileMatcher(rule)
  return (lead, _activities, asOfMs) => (match(read(lead), dayOf(asOfMs)) === undefined ? -1 : 0)
}

/** The rules that express a group's cells, with the given points per cell, in cell order. */
export function cellRules(group: Group, idPrefix: string, points: readonly number[]): Rule[] {
  const p = (i: number) => points[i] ?? 0
  switch (group.type) {
    case 'categorical': {
      const { field, sets } = group
      const listed = sets.flat()
      return [
        ...sets.map((values, i): Rule => ({
          id: `${idPrefix}.${i + 1}`,
          kind: 'in',
          field,
          values: [...values],
          points: p(i),
        })),
        {
          id: `${idPrefix}.other`,
          kind: 'not_in',
          field,
          values: listed,
          points: p(sets.length),
          label: `${field} is another value`,
        },
        { id: `${idPrefix}.unknown`, kind: 'missing', field, points: p(sets.length + 1) },
      ]
    }
    case 'numeric': {
      const { field, cuts } = group
      const bins = [
        ...cuts.map((c, i) => ({ min: i === 0 ? undefined : cuts[i - 1], below: c })),
        { min: cuts.at(-1), below: undefined },
      ]
      return [
        ...bins.map(({ min, below }, i): Rule => ({
          id: `${idPrefix}.${i + 1}`,
          kind: 'range',
          field,
          ...(min === undefined ? {} : { min }),
          ...(below === undefined ? {} : { below }),
          points: p(i),
        })),
        { id: `${idPrefix}.unknown`, kind: 'missing', field, points: p(cuts.length + 1) },
      ]
    }
    case 'binary':
      return [
        { ...group.rule, id: `${idPrefix}.1`, label: group.rule.label ?? describeCondition(group.rule), points: p(0) },
      ]
  }
}

export function groupField(group: Group): string {
  if (group.type !== 'binary') return group.field
  return group.rule.kind === 'activity_count' ? 'activities' : group.rule.field
}

// ——— building the groups from the base rubric's rules and, optionally, from a sample of rows ———

export interface ProposalSettings {
  readonly maxValues: number
  readonly minShare: number
  readonly quantiles: number
  readonly fields: readonly string[] | undefined
}

const PARTITIONABLE: Record<FieldInfo['kind'], 'categorical' | 'numeric' | 'attribute' | undefined> = {
  enum: 'categorical',
  text: 'categorical',
  integer: 'numeric',
  decimal: 'numeric',
  attribute: 'attribute',
  date: undefined,
  list: undefined,
}

interface FieldPlan {
  kind: 'categorical' | 'numeric'
  values: Scalar[][]
  cuts: number[]
}

/** The groups for a base rubric and an optional sample: one partition per fact, one binary group per other rule. */
export function buildGroups(
  base: Rubric,
  sample: readonly LeadFacts[],
  proposals: ProposalSettings | undefined,
): Group[] {
  const plans = new Map<string, FieldPlan>()
  const binary: BinaryGroup[] = []
  for (const criterion of Object.values(base.criteria)) {
    for (const rule of criterion.rules) if (!addBaseRule(plans, rule)) binary.push({ type: 'binary', rule })
  }
  if (proposals !== undefined) propose(plans, sample, proposals)
  const groups: Group[] = []
  for (const [field, plan] of plans) {
    if (plan.kind === 'numeric') {
      const cuts = [...new Set(plan.cuts)].sort((a, b) => a - b)
      groups.push({ type: 'numeric', field, cuts })
    } else {
      groups.push({ type: 'categorical', field, sets: disjointSets(field, plan.values) })
    }
  }
  return [...groups, ...binary]
}

function addBaseRule(plans: Map<string, FieldPlan>, rule: Rule): boolean {
  if (rule.kind === 'activity_count' || rule.kind === 'missing') return false
  const kind = PARTITIONABLE[fieldInfo(rule.field).kind]
  if (kind === undefined) return false
  if (rule.kind === 'range' && kind !== 'categorical') {
    const plan = planFor(plans, rule.field, 'numeric')
    if (plan === undefined) return false
    for (const b of [rule.min, rule.below, rule.max === undefined ? undefined : nextAbove(rule.max)])
      if (b !== undefined) plan.cuts.push(b)
    return true
  }
  if ((rule.kind === 'equals' || rule.kind === 'in' || rule.kind === 'not_in') && kind !== 'numeric') {
    const plan = planFor(plans, rule.field, 'categorical')
    if (plan === undefined) return false
    plan.values.push(rule.kind === 'equals' ? [rule.value] : [...rule.values])
    return true
  }
  return false
}

// "≤ max" becomes a cut just above max: exact for integers, and for decimals at cent precision.
function nextAbove(max: number): number {
  return Number.isInteger(max) ? max + 1 : Math.round((max + 0.01) * 100) / 100
}

function planFor(plans: Map<string, FieldPlan>, field: string, kind: FieldPlan['kind']): FieldPlan | undefined {
  const existing = plans.get(field)
  if (existing !== undefined) return existing.kind === kind ? existing : undefined
  const plan: FieldPlan = { kind, values: [], cuts: [] }
  plans.set(field, plan)
  return plan
}

/** Values listed together by base rules stay together; a value in two lists gets a cell of its own. */
function disjointSets(field: string, lists: readonly Scalar[][]): Scalar[][] {
  const key = keyFunction(fieldInfo(field))
  const signature = new Map<unknown, { value: Scalar; lists: number[] }>()
  lists.forEach((list, i) => {
    for (const v of list) {
      const k = key(v)
      if (k === undefined) continue
      const entry = signature.get(k) ?? { value: v, lists: [] }
      if (!entry.lists.includes(i)) entry.lists.push(i)
      signature.set(k, entry)
    }
  })
  const sets = new Map<string, Scalar[]>()
  for (const { value, lists: member } of signature.values()) {
    const s = member.join(',')
    sets.set(s, [...(sets.get(s) ?? []), value])
  }
  return [...sets.values()]
}

const NOT_PROPOSED = new Set(['email', 'company.name', 'company.domain', 'source_detail', 'title'])

function candidateFields(sample: readonly LeadFacts[], settings: ProposalSettings): string[] {
  if (settings.fields !== undefined) return [...settings.fields]
  const attributes = new Set<string>()
  for (const lead of sample) for (const k of Object.keys(lead.attributes ?? {})) attributes.add(`attributes.${k}`)
  return [...FIXED_FIELD_PATHS.filter((p) => !NOT_PROPOSED.has(p)), ...[...attributes].sort()]
}

function propose(plans: Map<string, FieldPlan>, sample: readonly LeadFacts[], settings: ProposalSettings): void {
  for (const field of candidateFields(sample, settings)) {
    const kind = PARTITIONABLE[fieldInfo(field).kind]
    if (kind === undefined) continue
    const read = factReader(field)
    const facts = sample.map(read).filter((f): f is Fact => f !== undefined && !Array.isArray(f))
    if (facts.length === 0) continue
    const numeric = kind === 'numeric' || (kind === 'attribute' && facts.every((f) => typeof f === 'number'))
    if (numeric) {
      const plan = planFor(plans, field, 'numeric')
      plan?.cuts.push(...quantileCuts(facts.map(numberOf).filter(Number.isFinite), settings.quantiles))
    } else {
      const plan = planFor(plans, field, 'categorical')
      plan?.values.push(...frequentValues(field, facts as Scalar[], sample.length, settings).map((v) => [v]))
    }
  }
}

/** Cut points between the quantiles of the sample, skipping repeats (many equal values make fewer bins). */
export function quantileCuts(values: readonly number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b)
  const cuts: number[] = []
  for (let q = 1; q < bins; q++) {
    const c = sorted[Math.floor((q * sorted.length) / bins)]
    if (c !== undefined && c > (sorted[0] as number) && c !== cuts.at(-1)) cuts.push(c)
  }
  return cuts
}

function frequentValues(field: string, facts: readonly Scalar[], rows: number, settings: ProposalSettings): Scalar[] {
  const key = keyFunction(fieldInfo(field))
  const counts = new Map<unknown, { value: Scalar; n: number }>()
  for (const f of facts) {
    const k = key(f)
    const entry = counts.get(k) ?? { value: f, n: 0 }
    entry.n++
    counts.set(k, entry)
  }
  return [...counts.values()]
    .filter((e) => e.n >= Math.max(2, settings.minShare * rows))
    .sort((a, b) => b.n - a.n || String(a.value).localeCompare(String(b.value)))
    .slice(0, settings.maxValues)
    .map((e) => e.value)
}
