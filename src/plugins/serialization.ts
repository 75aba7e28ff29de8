// Response serializers built on first use, like the validators: starting an instance does not compile every
// response schema of every route, only those of the answers it actually sends.
import SerializerSelector from '@fastify/fast-json-stringify-compiler'

type SerializerFactory = ReturnType<typeof SerializerSelector>
type Serializer = (doc: unknown) => string
type Schema = Record<string, unknown>

export function lazySerializers(factory: SerializerFactory = SerializerSelector()): SerializerFactory {
  return (externalSchemas, options) => {
    const shared = Object.fromEntries(Object.entries(externalSchemas ?? {}).map(([id, s]) => [id, serializable(s)]))
    const compile = factory(shared, options)
    return (route) => {
      let serialize: Serializer | undefined
      return (doc: unknown) => (serialize ??= compile({ ...route, schema: serializable(route.schema) }))(doc)
    }
  }
}

/**
 * The same answers, written without a validator. fast-json-stringify picks an `anyOf` member by running Ajv, and the
 * first such check compiles the route's whole answer schema: a nullable field cost tens of milliseconds on a route's
 * first answer, the 22-member event union about a second. Members it can tell apart by their JSON type become one
 * `type` list, checked inline; a union of objects lists every member's properties, typed where the members agree and
 * written as they are where not (an event's `data`: the stored payload, already in its documented shape).
 */
export function serializable(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(serializable)
  if (typeof schema !== 'object' || schema === null) return schema
  const node: Schema = Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [
      key,
      key === 'const' || key === 'enum' ? value : serializable(value),
    ]),
  )
  if (!Array.isArray(node.anyOf)) return node
  const { anyOf, ...rest } = node as Schema & { anyOf: Schema[] }
  return typeList(rest, anyOf) ?? objectUnion(rest, anyOf) ?? node
}

const SCALARS = new Set(['string', 'number', 'integer', 'boolean', 'null'])
const COMPOSITE = ['anyOf', 'oneOf', 'allOf', 'if', '$ref', 'not']
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

const jsonType = (value: unknown) =>
  value === null ? 'null' : Number.isInteger(value) ? 'integer' : Array.isArray(value) ? 'array' : typeof value

/** The one JSON type a member allows: its `type`, or the type all its `const`/`enum` values share. */
function typeOf(member: Schema): string | undefined {
  if (typeof member.type === 'string') return member.type
  const values = 'const' in member ? [member.const] : Array.isArray(member.enum) ? member.enum : []
  const types = new Set(values.map(jsonType))
  return types.size === 1 ? [...types][0] : undefined
}

/** Members that differ in JSON type (or are scalars of one type), as one schema with a `type` list. */
function typeList(rest: Schema, members: Schema[]): Schema | undefined {
  const found = members.map(typeOf)
  if (found.some((type) => type === undefined) || members.some((m) => COMPOSITE.some((key) => key in m)))
    return undefined
  const types = [...new Set(found as string[])]
  if (types.length < members.length && !types.every((type) => SCALARS.has(type))) return undefined
  const merged: Schema = {}
  for (const { type: _type, const: _const, enum: _enum, ...keywords } of members)
    for (const [key, value] of Object.entries(keywords)) {
      if (key in merged && !same(merged[key], value)) return undefined
      merged[key] = value
    }
  return { ...rest, ...merged, type: types.length === 1 ? types[0] : types }
}

/** Objects: each property any member declares, typed where the members that declare it agree, free where not. */
function objectUnion(rest: Schema, members: Schema[]): Schema | undefined {
  const shapes = members.map((m) => m.properties as Schema | undefined)
  if (members.some((m) => m.type !== 'object') || shapes.some((shape) => shape === undefined)) return undefined
  const properties: Schema = {}
  for (const shape of shapes as Schema[])
    for (const [key, value] of Object.entries(shape))
      if (!(key in properties)) {
        const declared = shapes.filter((other) => other![key] !== undefined)
        properties[key] = declared.every((other) => same(other![key], value)) ? value : {}
      }
  const { discriminator: _discriminator, ...shared } = rest
  const open = members.some((m) => m.additionalProperties !== undefined && m.additionalProperties !== false)
  return { ...shared, type: 'object', properties, additionalProperties: open }
}
