// Checks an untrusted import row exactly as a route validator checks a body (same Ajv set-up, same formats).
import type { TSchema } from 'typebox'
import { ajvProblems, bodyChecker, type Problem } from '../../schemas/ajv.js'
import { ActivityImportRow, LeadImportRow } from '../../schemas/lead-transfer.js'

export type Checked<T> = { ok: true; input: T } | { ok: false; errors: Problem[] }

/**
 * `prefix` is the pointer of the object itself, e.g. "/leads/3"; an error's pointer is the prefix plus the field's
 * path.
 */
export function checkerFor<T>(schema: TSchema): (value: unknown, prefix?: string) => Checked<T> {
  const validate = bodyChecker<T>(schema)
  return (value, prefix = '') => {
    if (validate(value)) return { ok: true, input: value }
    return { ok: false, errors: ajvProblems(validate.errors, prefix) }
  }
}

export const checkLeadImportRow = checkerFor<LeadImportRow>(LeadImportRow)
export const checkActivityImportRow = checkerFor<ActivityImportRow>(ActivityImportRow)
