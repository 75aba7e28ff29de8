// One untrusted item of a batch or an import: checked like a body, then upserted; a problem becomes its result, never a throw.
import type { Database } from '../../db/client.js'
import { AppError } from '../../errors.js'
import type { ItemResult, LeadImportRow, Summary } from '../../schemas/lead-transfer.js'
import type { Actor } from '../lifecycle/actor.js'
import { checkLeadInput } from './check-lead-input.js'
import type { Checked } from './import-check.js'
import { upsertLead } from './upsert-lead.js'

type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** What upserting an item gave, without its position (the caller knows it). */
export type ItemOutcome = OmitEach<ItemResult, 'index' | 'line'>

/** A batch item is a lead; an import row may also carry activities (checked with `check`). */
export async function upsertItem(
  db: Database,
  actor: Actor,
  value: unknown,
  pointer: string,
  check: (value: unknown, prefix: string) => Checked<LeadImportRow> = checkLeadInput,
): Promise<ItemOutcome> {
  const checked = check(value, pointer)
  if (!checked.ok) return { result: 'error', errors: checked.errors }
  const { activities, ...input } = checked.input
  try {
    const upserted = await upsertLead(db, actor, input, activities)
    const outcome = { result: upserted.result, id: upserted.lead.id }
    return activities === undefined ? outcome : { ...outcome, activities: upserted.activities }
  } catch (error) {
    // Expected refusals (e.g. no active rubric) concern this item; anything else is a server fault and stops the call.
    if (!(error instanceof AppError)) throw error
    return { result: 'error', errors: [{ pointer: pointer || '/', detail: error.detail }] }
  }
}

export const emptySummary = (): Summary => ({ created: 0, updated: 0, unchanged: 0, error: 0 })

export function count(summary: Summary, outcome: ItemOutcome): void {
  summary[outcome.result]++
}
