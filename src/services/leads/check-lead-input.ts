// Checks an untrusted lead object exactly as the route validator checks a LeadInput body (same Ajv set-up, same formats).
import { BODY_OPTIONS, compileChecked, fieldIssue, makeAjv, type FieldIssue } from '../../schemas/ajv.js'
import { LeadInput } from '../../schemas/leads.js'

const validate = compileChecked<LeadInput>(makeAjv(BODY_OPTIONS), LeadInput)

export type Checked = { ok: true; input: LeadInput } | { ok: false; errors: FieldIssue[] }

/** `prefix` is the pointer of the object itself, e.g. "/leads/3"; an error's pointer is the prefix plus the field's path. */
export function checkLeadInput(value: unknown, prefix = ''): Checked {
  if (validate(value)) return { ok: true, input: value }
  const errors = (validate.errors ?? [])
    .map(fieldIssue)
    .map(({ pointer, detail }) => ({ pointer: `${prefix}${pointer}` || '/', detail }))
  return { ok: false, errors }
}
