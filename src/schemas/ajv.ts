// The one Ajv set-up behind JSON checks, shared by the route validator and by use cases that check items one by one.
import type { Options } from 'ajv'
import { Ajv2020 as Ajv } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default

/** JSON Schema 2020-12, the dialect of OpenAPI 3.1 (so `dependentRequired` and friends are enforced too). */
export function makeAjv (options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, ...options })
  addFormats(ajv)
  return ajv
}

/** Bodies are never coerced: "7" is not 7. */
export const BODY_OPTIONS: Options = { coerceTypes: false }

export interface AjvIssue { instancePath: string, keyword: string, message?: string | undefined, params: Record<string, unknown> }
export interface FieldIssue { pointer: string, detail: string }

/** One Ajv error as a JSON pointer to the wrong field (a missing or unknown one included) and a short detail. */
export function fieldIssue (issue: AjvIssue): FieldIssue {
  const child = issue.params.missingProperty ?? issue.params.additionalProperty
  const pointer = typeof child === 'string' ? `${issue.instancePath}/${child}` : issue.instancePath
  if (issue.keyword === 'additionalProperties') return { pointer, detail: 'is not an allowed field' }
  if (issue.keyword === 'required') return { pointer, detail: 'is required' }
  return { pointer, detail: issue.message ?? 'is invalid' }
}
