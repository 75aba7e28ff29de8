// Applies a column mapping: which target each CSV column fills, and how a record's cells become a row object.
// Without a mapping the header names the targets itself (the lead import's dotted columns, plus outcome and as_of).
import { AppError } from '../../errors.js'
import type { ColumnMappingDefinition, ColumnRule } from '../../schemas/column-mappings.js'
import { ATTRIBUTE_KEY, ATTRIBUTES_FIELD, EXPORT_ONLY_COLUMNS, LEAD_COLUMNS, type Kind } from '../leads/lead-csv.js'

/** leads: the object is a lead; labelled: it is {lead, outcome, as_of} (activities come only with NDJSON). */
export type Purpose = 'leads' | 'labelled'
type Scalar = string | number | boolean | null

interface Target {
  path: string[]
  kind: Kind
}
interface PlannedColumn extends Target {
  header: string
  values?: Record<string, Scalar> | undefined
  template?: string | undefined
}
export interface ColumnPlan {
  columns: (PlannedColumn | null)[]
  nulls: ReadonlySet<string>
  constants: [string[], Scalar][]
  purpose: Purpose
}

const LABEL_TARGETS: Record<string, Target> = {
  outcome: { path: ['outcome'], kind: 'text' },
  as_of: { path: ['as_of'], kind: 'text' },
}

/** The target a name denotes for this purpose, or why it denotes none. */
function targetOf(name: string, purpose: Purpose): Target | string {
  const inLead = (path: string[]) => (purpose === 'labelled' ? ['lead', ...path] : path)
  const fixed = LEAD_COLUMNS.find((c) => c.name === name)
  if (fixed !== undefined) return { path: inLead(fixed.path), kind: fixed.kind }
  if (name.startsWith(`${ATTRIBUTES_FIELD}.`)) {
    const key = name.slice(ATTRIBUTES_FIELD.length + 1)
    if (!ATTRIBUTE_KEY.test(key)) return `attribute name "${key}" must match ${ATTRIBUTE_KEY.source}`
    return { path: inLead([ATTRIBUTES_FIELD, key]), kind: 'text' }
  }
  const label = LABEL_TARGETS[name]
  if (label !== undefined && purpose === 'labelled') return label
  return label === undefined ? `unknown target "${name}"` : `"${name}" belongs to labelled datasets only`
}

const ruleOf = (entry: string | ColumnRule): ColumnRule => (typeof entry === 'string' ? { to: entry } : entry)

function identityRules(header: readonly string[]): Record<string, string> {
  return Object.fromEntries(header.filter((h) => h !== '' && !EXPORT_ONLY_COLUMNS.includes(h)).map((h) => [h, h]))
}

type Issue = { pointer: string; in: string; detail: string }

function plannedColumns(header: readonly string[], mapping: ColumnMappingDefinition | undefined, purpose: Purpose) {
  const errors: Issue[] = []
  const rules = mapping?.columns ?? identityRules(header)
  const unmapped = mapping === undefined ? 'ignore' : (mapping.unmapped ?? 'error')
  const seen = new Set<string>()
  const filled = new Set<string>()
  const columns = header.map((name, i): PlannedColumn | null => {
    const problem = (detail: string) => (errors.push({ pointer: `/columns/${i}`, in: 'body', detail }), null)
    if (seen.has(name) && name !== '') return problem(`column "${name}" appears twice`)
    seen.add(name)
    const entry = Object.hasOwn(rules, name) ? rules[name] : undefined
    if (entry === undefined) {
      if (name === '' || unmapped === 'ignore' || (mapping === undefined && EXPORT_ONLY_COLUMNS.includes(name)))
        return null
      return problem(`column "${name}" is not in the mapping (set "unmapped": "ignore" to drop such columns)`)
    }
    const rule = ruleOf(entry)
    if (rule.to === 'ignore') return null
    const target = targetOf(rule.to, purpose)
    if (typeof target === 'string') return problem(`column "${name}": ${target}`)
    filled.add(rule.to)
    return { header: name, ...target, kind: rule.type ?? target.kind, values: rule.values, template: rule.template }
  })
  return { columns, errors, filled }
}

function plannedConstants(mapping: ColumnMappingDefinition | undefined, purpose: Purpose, errors: Issue[]) {
  return Object.entries(mapping?.constants ?? {}).flatMap(([name, value]): [string[], Scalar][] => {
    const target = targetOf(name, purpose)
    if (typeof target !== 'string') return [[target.path, value]]
    errors.push({ pointer: `/constants/${name}`, in: 'body', detail: target })
    return []
  })
}

/** What is wrong with a mapping on its own (targets that do not exist), with pointers into it. */
export function mappingProblems(mapping: ColumnMappingDefinition): { pointer: string; detail: string }[] {
  const escape = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1')
  const columns = Object.entries(mapping.columns).flatMap(([name, entry]) => {
    const to = ruleOf(entry).to
    const target = to === 'ignore' ? undefined : targetOf(to, 'labelled')
    const pointer = `/columns/${escape(name)}${typeof entry === 'string' ? '' : '/to'}`
    return typeof target === 'string' ? [{ pointer, detail: target }] : []
  })
  const constants = Object.keys(mapping.constants ?? {}).flatMap((name) => {
    const target = targetOf(name, 'labelled')
    return typeof target === 'string' ? [{ pointer: `/constants/${escape(name)}`, detail: target }] : []
  })
  return [...columns, ...constants]
}

/** Checks the header against the mapping; a wrong header is a 400 before any row is read. */
export function columnPlan(
  header: readonly string[],
  mapping: ColumnMappingDefinition | undefined,
  purpose: Purpose,
): ColumnPlan {
  const { columns, errors, filled } = plannedColumns(header, mapping, purpose)
  const constants = plannedConstants(mapping, purpose, errors)
  const given = new Set([...filled, ...Object.keys(mapping?.constants ?? {})])
  const required = purpose === 'labelled' ? ['email', 'outcome', 'as_of'] : ['email']
  for (const name of required.filter((r) => !given.has(r)))
    errors.push({ pointer: '/columns', in: 'body', detail: `no column (or constant) gives "${name}"` })
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `CSV header: ${errors[0]!.detail}`, { errors })
  return { columns, nulls: new Set(['', ...(mapping?.null_values ?? [])]), constants, purpose }
}

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/
const BOOLEANS: Record<string, boolean> = { true: true, false: false, yes: true, no: false, '1': true, '0': false }

/** A typed cell, or the reason it cannot be one. */
function typed(text: string, kind: Kind): { value: unknown } | { problem: string } {
  switch (kind) {
    case 'text':
      return { value: text }
    case 'list':
      return { value: text.split('|') }
    case 'number':
      return NUMBER.test(text) ? { value: Number(text) } : { problem: `"${text}" is not a number` }
    case 'boolean': {
      const value = BOOLEANS[text.toLowerCase()]
      return value === undefined ? { problem: `"${text}" is not a boolean` } : { value }
    }
  }
}

function cellValue(column: PlannedColumn, raw: string, nulls: ReadonlySet<string>) {
  const text = raw.trim()
  if (nulls.has(text)) return undefined
  let value: Scalar = text
  if (column.values !== undefined && Object.hasOwn(column.values, text)) value = column.values[text]!
  if (value === null) return undefined
  if (typeof value !== 'string') return { value }
  return typed(column.template === undefined ? value : column.template.replaceAll('{value}', value), column.kind)
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>
  node[path[path.length - 1]!] = value
}

/** The row object of one record: absent cells are absent fields; a cell that cannot be typed is the row's problem. */
export function rowFromCells(plan: ColumnPlan, cells: readonly string[]): { value: unknown } | { problem: string } {
  const row: Record<string, unknown> = plan.purpose === 'labelled' ? { lead: {} } : {}
  for (const [path, value] of plan.constants) if (value !== null) setPath(row, path, value)
  for (const [i, column] of plan.columns.entries()) {
    const text = cells[i]
    if (column === null || text === undefined) continue
    const cell = cellValue(column, text, plan.nulls)
    if (cell === undefined) continue
    if ('problem' in cell) return { problem: `column "${column.header}": ${cell.problem}` }
    setPath(row, column.path, cell.value)
  }
  return { value: row }
}
