// fast-check arbitraries for the fuzzer, derived from the OpenAPI document: values that fit a schema, the nasty values
// that once broke the service, and mutations that turn a fitting request into a wrong one.
import fc from 'fast-check'

export type Schema = { [key: string]: unknown }
export interface Document {
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, Schema> }
}
export interface Parameter {
  in: 'path' | 'query' | 'header'
  name: string
  required?: boolean
  schema: Schema
}
export interface Operation {
  operationId: string
  parameters?: Parameter[]
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> }
}

const MAX_DEPTH = 6

function resolve(doc: Document, schema: Schema): Schema {
  const ref = schema.$ref
  if (typeof ref !== 'string') return schema
  const name = ref.replace(/^#\/components\/schemas\//, '')
  return doc.components?.schemas?.[name] ?? {}
}

const between = (low: number, high: number) => (low <= high ? { min: low, max: high } : { min: high, max: low })

function stringFitting(schema: Schema): fc.Arbitrary<string> {
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : 40
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0
  switch (schema.format) {
    case 'uuid':
      return fc.uuid()
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString())
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2035-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10))
    case 'email':
      return fc.emailAddress()
    case 'uri':
      // IP literals only: a name would make the service wait on DNS.
      return fc.constantFrom('http://127.0.0.1:9/hook', 'https://93.184.216.34/x', 'http://10.0.0.1/', 'http://[::1]/')
  }
  if (typeof schema.pattern === 'string')
    return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= maxLength)
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, 24)) })
}

function numberFitting(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const low = typeof schema.minimum === 'number' ? schema.minimum : -1e6
  const high = typeof schema.maximum === 'number' ? schema.maximum : 1e6
  const { min, max } = between(Math.max(low, -1e9), Math.min(high, 1e9))
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true })
}

function objectFitting(doc: Document, schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  const required = (schema.required ?? []) as string[]
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [name, child] of Object.entries(properties)) model[name] = fitting(doc, child, depth + 1)
  const known = fc.record(model, { requiredKeys: required.filter((r) => r in model) })
  const extra = schema.additionalProperties
  if (extra === undefined || extra === false || extra === true || Object.keys(properties).length > 0) return known
  return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fitting(doc, extra as Schema, depth + 1), {
    maxKeys: 3,
  })
}

/** Values that fit `schema` (mostly: patterns, formats and cross-field rules are approximated). */
export function fitting(doc: Document, raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(doc, raw)
  if (depth > MAX_DEPTH) return fc.constant(null)
  if ('const' in schema) return fc.constant(schema.const)
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]))
  const choices = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined
  if (choices !== undefined) return fc.oneof(...choices.map((c) => fitting(doc, c, depth + 1)))
  if (Array.isArray(schema.allOf)) return fitting(doc, schema.allOf[0] as Schema, depth + 1)
  const type = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string | undefined]
  if (type.length > 1) return fc.oneof(...type.map((one) => fitting(doc, { ...schema, type: one }, depth)))
  switch (type[0]) {
    case 'string':
      return stringFitting(schema)
    case 'integer':
      return numberFitting(schema, true)
    case 'number':
      return numberFitting(schema, false)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array': {
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0
      const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 3, minLength + 3)
      return fc.array(fitting(doc, (schema.items ?? {}) as Schema, depth + 1), { minLength, maxLength })
    }
    case 'object':
      return objectFitting(doc, schema, depth)
    default:
      return schema.properties === undefined ? fc.jsonValue({ maxDepth: 2 }) : objectFitting(doc, schema, depth)
  }
}

const nested = (depth: number, leaf: unknown, kind: 'array' | 'object'): unknown => {
  let value = leaf
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value }
  return value
}

const HUGE = 'x'.repeat(300_000)

/** Values that once broke something, or would if validation were loose. */
export const nasty: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  '\ud800',
  'a\udfffb',
  '\udbff\ud800',
  'x\u0000y',
  '\u0000',
  '',
  ' ',
  'x'.repeat(5000),
  HUGE,
  -1,
  0,
  1.5,
  -0.0001,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  1e308,
  -1e308,
  1e20,
  true,
  false,
  null,
  [],
  {},
  [null],
  { '': '' },
  nested(70, 1, 'array'),
  nested(70, 'x', 'object'),
  '2026-02-30',
  '2026-13-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2026-01-01T23:59:60Z',
  '2026-01-01 10:00:00',
  '+275760-09-13T00:00:00Z',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  "'; drop table leads; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%ZZ',
  '😀'.repeat(300),
  '\u202e\u0645',
  'a@b',
  `${'a'.repeat(250)}@example.com`,
  'http://[::ffff:127.0.0.1]/',
  'http://',
  'NaN',
  '-0',
  '1e5',
)

/** Every place in a JSON value, as a path of keys. */
function places(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path)
  if (Array.isArray(value)) value.forEach((v, i) => places(v, [...path, i], out))
  else if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) places(v, [...path, k], out)
  return out
}

function replaced(value: unknown, path: (string | number)[], make: (old: unknown) => unknown): unknown {
  if (path.length === 0) return make(value)
  const [head, ...rest] = path as [string | number, ...(string | number)[]]
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, make) : v))
  const copy = { ...(value as Record<string, unknown>) }
  copy[head] = replaced(copy[head], rest, make)
  return copy
}

export const DELETE = Symbol('delete')

/** A mutation of a JSON value: a node replaced by a nasty one, a field removed, a field added. */
export type Mutation =
  | { kind: 'replace'; at: number; with: unknown }
  | { kind: 'remove'; at: number }
  | {
      kind: 'add'
      at: number
      name: string
      with: unknown
    }

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), with: nasty }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('add' as const),
      at: fc.nat(),
      name: fc.constantFrom('extra', '__proto__', 'constructor', '', 'id', 'workspace_id', '\u0000'),
      with: nasty,
    }),
  },
)

export function mutate(value: unknown, m: Mutation): unknown {
  const all = places(value)
  const at = all[m.at % all.length]!
  if (m.kind === 'replace') return replaced(value, at, () => m.with)
  if (m.kind === 'remove') {
    if (at.length === 0) return undefined
    const parent = at.slice(0, -1)
    const key = at[at.length - 1]!
    return replaced(value, parent, (p) => {
      if (Array.isArray(p)) return p.filter((_, i) => i !== key)
      const { [key]: _gone, ...rest } = p as Record<string, unknown>
      return rest
    })
  }
  return replaced(value, at, (old) =>
    old !== null && typeof old === 'object' && !Array.isArray(old)
      ? Object.defineProperty({ ...old }, m.name, {
          value: m.with,
          enumerable: true,
          configurable: true,
          writable: true,
        })
      : old,
  )
}
