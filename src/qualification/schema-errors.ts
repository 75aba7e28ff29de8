// Walks TypeBox's validation errors into one readable problem per wrong field, unions included; each error reads as
// fieldProblems words it.
import type { TSchema } from 'typebox'
import { ErrorContext, ErrorSchema, Stack } from 'typebox/schema'
import { Locale } from 'typebox/system'
import { Value } from 'typebox/value'
import { fieldProblems, type Problem } from './field-problem.js'

export type { Problem } from './field-problem.js'

type SchemaError = ReturnType<typeof Value.Errors>[number]

interface Node {
  anyOf?: Node[]
  properties?: Record<string, Node & { const?: unknown }>
  patternProperties?: Record<string, Node>
  type?: string
  const?: unknown
  [key: string]: unknown
}

/**
 * Rewrites a problem TypeBox describes poorly (e.g. a pattern standing for a closed list); undefined keeps the default.
 */
export type Explain = (error: SchemaError, value: unknown) => string | undefined

// TypeBox's Errors stops at its global Settings.maxErrors (8), which a failing union of seven branches exhausts at
// once. An error context of our own, without the cap, collects them all and leaves the global alone.
class AllErrors extends ErrorContext {
  override AtCapacity(): boolean {
    return false
  }
}

function allErrors(schema: TSchema, value: unknown): SchemaError[] {
  const context = new AllErrors()
  ErrorSchema(Stack({}, schema), context, '#', '', schema, value)
  const message = Locale.Get()
  return context.GetErrors().map((error) => ({ ...error, message: message(error) }))
}

export function schemaProblems(schema: TSchema, value: unknown, explain: Explain = () => undefined): Problem[] {
  const context = { root: schema as Node, value, explain }
  return dedupe(describe(allErrors(schema, value), context))
}

interface Context {
  root: Node
  value: unknown
  explain: Explain
}

function describe(errors: SchemaError[], context: Context): Problem[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf')
  return errors.flatMap((error) => {
    if (unions.some((union) => isInside(error, union))) return []
    return error.keyword === 'anyOf' ? describeUnion(error, errors, context) : describeOne(error, context)
  })
}

function isInside(error: SchemaError, union: SchemaError, branch?: number): boolean {
  const prefix = `${union.schemaPath}/anyOf/${branch ?? ''}`
  const inBranch =
    branch === undefined
      ? error.schemaPath.startsWith(prefix)
      : error.schemaPath === prefix || error.schemaPath.startsWith(`${prefix}/`)
  return error !== union && inBranch && isPointerPrefix(union.instancePath, error.instancePath)
}

function isPointerPrefix(prefix: string, pointer: string): boolean {
  return pointer === prefix || pointer.startsWith(`${prefix}/`)
}

// A union whose branches all carry a constant tag (`kind`, `method`) is discriminated: explain the chosen branch only.
function discriminator(branches: readonly Node[]): string | undefined {
  const first = branches[0]?.properties ?? {}
  return Object.keys(first).find((key) => branches.every((b) => typeof b.properties?.[key]?.const === 'string'))
}

function describeUnion(union: SchemaError, errors: SchemaError[], context: Context): Problem[] {
  const branches = resolveSchema(context.root, union.schemaPath).anyOf ?? []
  const key = discriminator(branches)
  if (key === undefined) {
    return [{ pointer: union.instancePath, detail: `must be ${branches.map(summary).join(' or ')}` }]
  }
  const tags = branches.map((b) => b.properties?.[key]?.const)
  const instance = resolvePointer(context.value, union.instancePath) as Record<string, unknown> | undefined
  const tag = typeof instance === 'object' && instance !== null ? instance[key] : undefined
  const chosen = tags.indexOf(tag)
  if (chosen < 0) {
    const what = tag === undefined ? `missing ${key}` : `unknown ${key} ${JSON.stringify(tag)}`
    return [{ pointer: union.instancePath, detail: `${what}: expected one of ${tags.join(', ')}` }]
  }
  return describe(
    errors.filter((e) => isInside(e, union, chosen)),
    context,
  )
}

function summary(node: Node): string {
  if (node.const !== undefined) return JSON.stringify(node.const)
  return node.type === undefined ? 'a valid value' : `${/^[aeiou]/.test(node.type) ? 'an' : 'a'} ${node.type}`
}

function describeOne(error: SchemaError, context: Context): Problem[] {
  // additionalProperties: false also yields a "schema is false" error per property, reported with its own keyword.
  if (error.keyword === 'boolean' && error.schemaPath.endsWith('/additionalProperties')) return []
  const explained = context.explain(error, resolvePointer(context.value, error.instancePath))
  if (explained !== undefined) return [{ pointer: error.instancePath, detail: explained }]
  const patterns =
    error.keyword === 'additionalProperties'
      ? Object.keys(resolveSchema(context.root, error.schemaPath).patternProperties ?? {})
      : []
  return fieldProblems(error, patterns)
}

function segments(pointer: string): string[] {
  return pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

export function resolvePointer(value: unknown, pointer: string): unknown {
  let current = value
  for (const segment of segments(pointer)) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<string, unknown>)[segment]
  }
  return current
}

function resolveSchema(root: Node, schemaPath: string): Node {
  return (resolvePointer(root, schemaPath.replace(/^#/, '')) ?? {}) as Node
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter((p) => {
    const key = `${p.pointer}\u0000${p.detail}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
