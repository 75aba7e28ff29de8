// The one Ajv set-up behind JSON checks, shared by the route validator and by use cases that check items one by one.
import type { Options } from 'ajv'
import { Ajv2020 as Ajv } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { isCalendarDate, isInstant } from '../qualification/dates.js'
import { childPointer, fieldProblems, type Problem, type SchemaIssue } from '../qualification/field-problem.js'

export type { Problem, SchemaIssue } from '../qualification/field-problem.js'

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1 (so `dependentRequired` and friends are enforced too). */
export function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, ...options })
  addFormats(ajv)
  // Stricter than ajv-formats: what passes here, JavaScript's Date and PostgreSQL both accept as the same instant.
  ajv.addFormat('date-time', { type: 'string', validate: isInstant })
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate })
  return ajv
}

function isJsonContainer(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  return typeof (value as { pipe?: unknown }).pipe !== 'function'
}

/** How deep a JSON document may nest; far beyond any real request, far below what recursion can survive. */
export const MAX_JSON_DEPTH = 64

/** Why PostgreSQL could not store this string (text or jsonb), or undefined when it can. */
function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters'
  // Not well formed: a lone surrogate, which is text in no encoding.
  if (!text.isWellFormed()) return 'must not contain unpaired UTF-16 surrogates (\\uD800-\\uDFFF)'
  return undefined
}

/**
 * The first place in parsed JSON that no column can hold (NUL, a lone surrogate) or that nests deeper than
 * MAX_JSON_DEPTH, checked before any recursive validator runs on it.
 */
export function unstorable(value: unknown): { pointer: string; message: string } | undefined {
  const keys: string[] = []
  const message = problemIn(value, keys, 0)
  // The keys come innermost first: the pointer is only built for a value that has a problem.
  return message === undefined ? undefined : { pointer: keys.reduceRight(childPointer, ''), message }
}

/** What `unstorable` finds in `value`, with the keys that lead to it pushed onto `keys`, innermost first. */
function problemIn(value: unknown, keys: string[], depth: number): string | undefined {
  if (typeof value === 'string') return textProblem(value)
  // Only parsed JSON is walked: a streamed body (an import) is checked row by row later.
  if (!isJsonContainer(value)) return undefined
  if (depth >= MAX_JSON_DEPTH) return `must not nest deeper than ${MAX_JSON_DEPTH} levels`
  for (const key of Object.keys(value)) {
    const keyMessage = textProblem(key)
    const message = keyMessage === undefined ? problemIn(value[key], keys, depth + 1) : `the field name ${keyMessage}`
    if (message === undefined) continue
    keys.push(key)
    return message
  }
  return undefined
}

/** Ajv's error: a SchemaIssue with the path into the schema, as Fastify's validator result carries it. */
export type AjvIssue = SchemaIssue & { schemaPath: string }

export interface Checker<T> {
  (data: unknown): data is T
  errors?: AjvIssue[] | null
}

/** Compiles `schema` into a validator that also refuses what `unstorable` finds, with Ajv's error shape. */
export function compileChecked<T = unknown>(ajv: Ajv, schema: object): Checker<T> {
  const validate = ajv.compile<T>(schema)
  const check = ((data: unknown): data is T => {
    const bad = unstorable(data)
    if (bad !== undefined) {
      check.errors = [
        { instancePath: bad.pointer, schemaPath: '#', keyword: 'storable', message: bad.message, params: {} },
      ]
      return false
    }
    const ok = validate(data)
    check.errors = validate.errors
    return ok
  }) as Checker<T>
  return check
}

/** Bodies are never coerced: "7" is not 7. */
export const BODY_OPTIONS: Options = { coerceTypes: false }

/**
 * A body checker for `schema` (its own Ajv with BODY_OPTIONS), compiled on its first call: compiling the services'
 * checkers when their modules load cost every process that imports the app about a second, used or not.
 */
export function bodyChecker<T = unknown>(schema: object): Checker<T> {
  let compiled: Checker<T> | undefined
  const check = ((data: unknown): data is T => {
    compiled ??= compileChecked<T>(makeAjv(BODY_OPTIONS), schema)
    const ok = compiled(data)
    check.errors = compiled.errors
    return ok
  }) as Checker<T>
  return check
}

/**
 * Ajv's errors as the problem's errors[] items, each pointer under `at` (where the checked value sits in the body);
 * a problem with the whole body points at "/".
 */
export function ajvProblems(issues: readonly SchemaIssue[] | null | undefined, at = ''): Problem[] {
  return (issues ?? [])
    .flatMap((issue) => fieldProblems(issue))
    .map(({ pointer, detail }) => ({ pointer: `${at}${pointer}` || '/', detail }))
}
