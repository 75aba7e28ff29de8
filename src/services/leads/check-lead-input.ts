// Checks an untrusted lead object exactly as the route validator checks a LeadInput body (same Ajv, same formats).
import { LeadInput } from '../../schemas/leads.js'
import { checkerFor, type Checked as CheckedAs } from './import-check.js'

export type Checked = CheckedAs<LeadInput>

/**
 * `prefix` is the pointer of the object itself, e.g. "/leads/3"; an error's pointer is the prefix plus the field's
 * path.
 */
export const checkLeadInput = checkerFor<LeadInput>(LeadInput)
