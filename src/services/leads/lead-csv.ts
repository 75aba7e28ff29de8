// The CSV form of a lead, derived from the LeadInput schema: one column per field, nested fields dotted
// (company.name), attributes as attributes.<key>, lists joined with "|", an empty cell for an absent field.
// Attribute values are text in CSV. Export adds read-only columns, which an import ignores, so an export re-imports.
import { AppError } from '../../errors.js'
import { LeadInput, type Lead } from '../../schemas/leads.js'

export type Kind = 'text' | 'number' | 'boolean' | 'list'
export interface Column {
  name: string
  path: string[]
  kind: Kind
}
interface Node {
  type?: string
  properties?: Record<string, Node>
  patternProperties?: Record<string, Node>
}

const kindOf = (node: Node): Kind =>
  node.type === 'integer' || node.type === 'number'
    ? 'number'
    : node.type === 'boolean'
      ? 'boolean'
      : node.type === 'array'
        ? 'list'
        : 'text'

const fields = Object.entries(LeadInput.properties as Record<string, Node>)
const [attributesField, attributesNode] = fields.find(([, node]) => node.patternProperties !== undefined)!
const attributeKey = new RegExp(Object.keys(attributesNode.patternProperties!)[0]!)

const FIXED: Column[] = fields
  .filter(([name]) => name !== attributesField)
  .flatMap(([name, node]) =>
    node.properties === undefined
      ? [{ name, path: [name], kind: kindOf(node) }]
      : Object.entries(node.properties).map(([sub, child]) => ({
          name: `${name}.${sub}`,
          path: [name, sub],
          kind: kindOf(child),
        })),
  )

/** Export-only columns: what the service decides, never what an import sets. */
const READ_ONLY: Record<string, (lead: Lead) => unknown> = {
  id: (lead) => lead.id,
  status: (lead) => lead.status,
  'score.total': (lead) => lead.score?.total,
  'score.grade': (lead) => lead.score?.grade,
  created_at: (lead) => lead.created_at,
  updated_at: (lead) => lead.updated_at,
}

const attributeColumn = (key: string): Column => ({
  name: `${attributesField}.${key}`,
  path: [attributesField, key],
  kind: 'text',
})

/** The lead's own columns (not attributes) and the export-only ones, for column mappings. */
export const LEAD_COLUMNS: readonly Column[] = FIXED
export const EXPORT_ONLY_COLUMNS: readonly string[] = Object.keys(READ_ONLY)
export const ATTRIBUTES_FIELD: string = attributesField
export const ATTRIBUTE_KEY: RegExp = attributeKey

// ---- export

export const exportHeader = (attributeKeys: readonly string[]): string[] => [
  'id',
  ...FIXED.map((c) => c.name),
  ...attributeKeys.map((k) => attributeColumn(k).name),
  ...Object.keys(READ_ONLY).filter((c) => c !== 'id'),
]

function cell(value: unknown): string {
  if (value === undefined || value === null) return ''
  return Array.isArray(value) ? value.join('|') : String(value)
}

/** The cells of a lead, in the order of exportHeader(attributeKeys). */
export function exportCells(lead: Lead, attributeKeys: readonly string[]): string[] {
  const at = (path: string[]) =>
    path.reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], lead)
  return exportHeader(attributeKeys).map((name) => {
    const readOnly = READ_ONLY[name]
    if (readOnly !== undefined) return cell(readOnly(lead))
    return cell(at(name.split('.')))
  })
}

// ---- import

/** Which field each column of an import's header fills; null for ignored columns (read-only or unnamed). */
export type ImportPlan = (Column | null)[]

export function importPlan(header: readonly string[]): ImportPlan {
  const known = new Map(FIXED.map((c) => [c.name, c]))
  const errors: { pointer: string; in: string; detail: string }[] = []
  const seen = new Set<string>()
  const plan = header.map((name, i): Column | null => {
    const problem = (detail: string) => {
      errors.push({ pointer: `/columns/${i}`, in: 'body', detail })
      return null
    }
    if (name === '' || name in READ_ONLY) return null
    if (seen.has(name)) return problem(`column "${name}" appears twice`)
    seen.add(name)
    const column = known.get(name)
    if (column !== undefined) return column
    if (!name.startsWith(`${attributesField}.`)) return problem(`unknown column "${name}"`)
    const key = name.slice(attributesField.length + 1)
    return attributeKey.test(key)
      ? attributeColumn(key)
      : problem(`attribute name "${key}" must match ${attributeKey.source}`)
  })
  if (!seen.has('email')) errors.push({ pointer: '/columns', in: 'body', detail: 'the header has no "email" column' })
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `CSV header: ${errors[0]!.detail}`, { errors })
  return plan
}

// Text that is not a number (or a boolean) stays text, so the check reports it against the field.
function parseCell(text: string, kind: Kind): unknown {
  switch (kind) {
    case 'text':
      return text
    case 'list':
      return text.split('|')
    case 'number':
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : text
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text
  }
}

/**
 * A lead object from one record's cells; empty cells are absent fields, and an object with no field present is absent.
 */
export function leadFromCells(plan: ImportPlan, cells: readonly string[]): Record<string, unknown> {
  const lead: Record<string, unknown> = {}
  plan.forEach((column, i) => {
    const text = cells[i]
    if (column === null || text === undefined || text === '') return
    const [first, second] = column.path as [string, string?]
    if (second === undefined) lead[first] = parseCell(text, column.kind)
    else ((lead[first] ??= {}) as Record<string, unknown>)[second] = parseCell(text, column.kind)
  })
  return lead
}
