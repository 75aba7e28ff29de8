// Use case: upsert up to 100 leads by email, in order, each in its own transaction; a bad item never blocks the others.
// The same email twice in one batch is not an error: the later item updates the lead the earlier one wrote.
import type { Database } from '../../db/client.js'
import type { ItemResult, Summary } from '../../schemas/lead-transfer.js'
import type { Actor } from '../lifecycle/actor.js'
import { count, emptySummary, upsertItem } from './upsert-item.js'

export async function upsertLeadBatch(
  db: Database,
  actor: Actor,
  items: readonly unknown[],
): Promise<{ results: ItemResult[]; summary: Summary }> {
  const results: ItemResult[] = []
  const summary = emptySummary()
  for (const [index, item] of items.entries()) {
    const outcome = await upsertItem(db, actor, item, `/leads/${index}`)
    count(summary, outcome)
    results.push({ index, ...outcome })
  }
  return { results, summary }
}
