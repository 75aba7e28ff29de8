// The closed list of lead facts a rubric may look at, what kind of value each holds, and how to read it.
import { Type } from 'typebox'
import { ATTRIBUTE_KEY_PATTERN, DECIMAL_PATTERN, LeadFacts } from './lead.js'

// Names and phone are left out on purpose: personal data should not move a score.
export const FIXED_FIELD_PATHS = [
  'email',
  'title',
  'seniority',
  'decision_role',
  'source',
  'source_detail',
  'company.name',
  'company.domain',
  'company.industry',
  'company.employee_count',
  'company.annual_revenue',
  'company.country',
  'budget.status',
  'budget.amount',
  'budget.currency',
  'need.level',
  'need.pain_points',
  'timeline.horizon',
  'timeline.purchase_by',
] as const

const ATTRIBUTE_PREFIX = 'attributes.'

export const FIELD_PATH_PATTERN = `^(?:${FIXED_FIELD_PATHS.map((p) => p.replace('.', '\\.')).join('|')}|attributes\\.${ATTRIBUTE_KEY_PATTERN.slice(1, -1)})$`

export const FieldPath = Type.String({
  pattern: FIELD_PATH_PATTERN,
  maxLength: 80,
  description: `A lead fact: ${FIXED_FIELD_PATHS.join(', ')}, or attributes.<key>`,
})

export type FieldKind = 'enum' | 'text' | 'integer' | 'decimal' | 'date' | 'list' | 'attribute'
export interface FieldInfo {
  readonly kind: FieldKind
  readonly values: readonly string[]
}

/** A present fact: what a rule can match against. */
export type Fact = string | number | boolean | readonly string[]

interface SchemaNode {
  type?: string
  enum?: readonly string[]
  format?: string
  pattern?: string
  properties?: Record<string, SchemaNode>
}

const ATTRIBUTE: FieldInfo = { kind: 'attribute', values: [] }

function classify(node: SchemaNode): FieldInfo {
  if (node.enum !== undefined) return { kind: 'enum', values: node.enum }
  if (node.type === 'integer') return { kind: 'integer', values: [] }
  if (node.type === 'array') return { kind: 'list', values: [] }
  if (node.format === 'date') return { kind: 'date', values: [] }
  if (node.pattern === DECIMAL_PATTERN) return { kind: 'decimal', values: [] }
  return { kind: 'text', values: [] }
}

function nodeAt(path: string): SchemaNode {
  let node: SchemaNode = LeadFacts
  for (const segment of path.split('.')) {
    const next = node.properties?.[segment]
    if (next === undefined) throw new Error(`no such lead fact: ${path}`)
    node = next
  }
  return node
}

// Derived from the LeadFacts schema so the two cannot drift apart.
const CATALOG: ReadonlyMap<string, FieldInfo> = new Map(FIXED_FIELD_PATHS.map((p) => [p, classify(nodeAt(p))]))

const ATTRIBUTE_KEY = new RegExp(ATTRIBUTE_KEY_PATTERN)

export function isFieldPath(path: string): boolean {
  return (
    CATALOG.has(path) || (path.startsWith(ATTRIBUTE_PREFIX) && ATTRIBUTE_KEY.test(path.slice(ATTRIBUTE_PREFIX.length)))
  )
}

export function fieldInfo(path: string): FieldInfo {
  const info = CATALOG.get(path)
  if (info !== undefined) return info
  if (isFieldPath(path)) return ATTRIBUTE
  throw new Error(`unknown field path: ${path}`)
}

export type FactReader = (lead: LeadFacts) => Fact | undefined

// An explicit "unknown" (decision_role, timeline.horizon) says no more than leaving the fact out.
function present(value: unknown, unknownCounts: boolean): Fact | undefined {
  if (value === undefined || value === null) return undefined
  if (unknownCounts && value === 'unknown') return undefined
  return value as Fact
}

export function factReader(path: string): FactReader {
  const info = fieldInfo(path)
  const unknownIsAbsent = info.kind === 'enum' && info.values.includes('unknown')
  const dot = path.indexOf('.')
  if (dot < 0) return (lead) => present((lead as Record<string, unknown>)[path], unknownIsAbsent)
  const head = path.slice(0, dot)
  const tail = path.slice(dot + 1)
  return (lead) => {
    const parent = (lead as Record<string, unknown>)[head] as Record<string, unknown> | undefined
    return parent === undefined ? undefined : present(parent[tail], unknownIsAbsent)
  }
}
