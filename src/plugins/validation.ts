// Strict request validation: bodies are never coerced and unknown fields are rejected; only
// query strings, path params and headers (which arrive as text) are coerced to their declared types.
import type { FastifyInstance, FastifySchema } from 'fastify'
import type { FastifyValidationResult } from 'fastify/types/schema.js'
import { BODY_OPTIONS, compileChecked, makeAjv, type Checker } from '../schemas/ajv.js'
import { DEFERRED } from '../schemas/common.js'

/** Replaces subschemas marked DEFERRED (documented in OpenAPI, checked by the use case) with "any object". */
function withoutDeferred(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutDeferred)
  if (schema === null || typeof schema !== 'object') return schema
  if ((schema as Record<string, unknown>)[DEFERRED] === true) return { type: 'object' }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, withoutDeferred(v)]))
}

export function strictValidation(app: FastifyInstance): void {
  const bodies = makeAjv(BODY_OPTIONS)
  const text = makeAjv({ coerceTypes: 'array' })
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? bodies : text
    // Compiled on first use: a process (a test file, a fresh instance) pays only for the routes it serves.
    let compiled: Checker<unknown> | undefined
    const validate: FastifyValidationResult = (data: unknown) => {
      compiled ??= compileChecked(ajv, withoutDeferred(schema) as object)
      const ok = compiled(data)
      validate.errors = compiled.errors
      return ok
    }
    return validate
  })
}
