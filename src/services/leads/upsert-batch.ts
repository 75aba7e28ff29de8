// Use case: upsert up to 100 leads by email, in order, together; a bad item never blocks the others.
// The same email twice in one batch is not an error: the later item updates the lead the earlier one wrote.
import type { Database } from '../../db/client.js'
import type { ItemResult, Summary } from '../../schemas/lead-transfer.js'
import type { Actor } from '../lifecycle/actor.js'
import { count, emptySummary, upsertItems } from './upsert-item.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export async function upsertLeadBatch(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  items: readonly unknown[],
): Promise<{ results: ItemResult[]; summary: Summary }> {
  const summary = emptySummary()
  const outcomes = await upsertItems(
    db,
    compiled,
    actor,
    items.map((value) => ({ value })),
    (index) => `/leads/${index}`,
  )
  const results = outcomes.map((outcome, index): ItemResult => {
    count(summary, outcome)
    return { index, ...outcome }
  })
  return { results, summary }
}
