// Untrusted items of a batch or an import: checked like a body, then upserted; a problem is a result, not a throw.
import type { Database } from '../../db/client.js'
import type { ItemResult, LeadImportRow, Summary } from '../../schemas/lead-transfer.js'
import type { Actor } from '../lifecycle/actor.js'
import { checkLeadInput } from './check-lead-input.js'
import type { Checked } from './import-check.js'
import { upsertLeadItems, type LeadItem } from './upsert-chunk.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** What upserting an item gave, without its position (the caller knows it). */
export type ItemOutcome = OmitEach<ItemResult, 'index' | 'line'>

/**
 * Checks untrusted items (`pointer` gives each one's place) and upserts the good ones together; a bad item is its
 * own result and never blocks the others. Results come in the order of the items.
 */
export async function upsertItems(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  values: readonly ({ value: unknown } | { problem: string })[],
  pointer: (index: number) => string,
  check: (value: unknown, prefix: string) => Checked<LeadImportRow> = checkLeadInput,
): Promise<ItemOutcome[]> {
  const outcomes: (ItemOutcome | undefined)[] = []
  const items: LeadItem[] = []
  const places: number[] = []
  for (const [i, entry] of values.entries()) {
    if ('problem' in entry) {
      outcomes.push({ result: 'error', errors: [{ pointer: pointer(i) || '/', detail: entry.problem }] })
      continue
    }
    const checked = check(entry.value, pointer(i))
    if (!checked.ok) {
      outcomes.push({ result: 'error', errors: checked.errors })
      continue
    }
    const { activities, ...input } = checked.input
    items.push({ input, activities, pointer: pointer(i) })
    places.push(i)
    outcomes.push(undefined)
  }
  for (const [k, outcome] of (await upsertLeadItems(db, compiled, actor, items)).entries())
    outcomes[places[k]!] = outcome
  return outcomes as ItemOutcome[]
}

export const emptySummary = (): Summary => ({ created: 0, updated: 0, unchanged: 0, error: 0 })

export function count(summary: Summary, outcome: ItemOutcome): void {
  summary[outcome.result]++
}
