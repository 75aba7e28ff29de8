// Untrusted items of a batch or an import: checked like a body, then upserted; a problem is a result, not a throw.
import type { Database } from '../../db/client.js'
import { leadStatistics } from '../../db/repositories/table-statistics.js'
import type { ItemResult, LeadImportRow, Summary } from '../../schemas/lead-transfer.js'
import type { Actor } from '../lifecycle/actor.js'
import { checkLeadInput } from './check-lead-input.js'
import type { Checked } from './import-check.js'
import { creationOf, upsertLeadItems, type LeadItem, type Scoring } from './upsert-chunk.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
/** What upserting an item gave, without its position (the caller knows it). */
export type ItemOutcome = OmitEach<ItemResult, 'index' | 'line'>

type Values = readonly ({ value: unknown } | { problem: string })[]
type Check = (value: unknown, prefix: string) => Checked<LeadImportRow>

/** Items checked: a bad one's outcome is already known (`undefined` marks the good ones, in `items` by `places`). */
export interface CheckedItems {
  outcomes: (ItemOutcome | undefined)[]
  items: LeadItem[]
  places: number[]
}

/** Checks untrusted items (`pointer` gives each one's place); nothing is written. */
export function checkItems(values: Values, pointer: (index: number) => string, check: Check): CheckedItems {
  const checked: CheckedItems = { outcomes: [], items: [], places: [] }
  for (const [i, entry] of values.entries()) {
    if ('problem' in entry) {
      checked.outcomes.push({ result: 'error', errors: [{ pointer: pointer(i) || '/', detail: entry.problem }] })
      continue
    }
    const result = check(entry.value, pointer(i))
    if (!result.ok) {
      checked.outcomes.push({ result: 'error', errors: result.errors })
      continue
    }
    const { activities, ...input } = result.input
    checked.items.push({ input, activities, pointer: pointer(i) })
    checked.places.push(i)
    checked.outcomes.push(undefined)
  }
  return checked
}

/** Upserts the good items together; results come in the order of the items. */
export async function writeItems(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  checked: CheckedItems,
  scoring: Scoring = {},
): Promise<ItemOutcome[]> {
  const outcomes = [...checked.outcomes]
  for (const [k, outcome] of (await upsertLeadItems(db, compiled, actor, checked.items, scoring)).entries())
    outcomes[checked.places[k]!] = outcome
  return outcomes as ItemOutcome[]
}

/**
 * Checks untrusted items and upserts the good ones together; a bad item is its own result and never blocks the
 * others. Results come in the order of the items.
 */
export async function upsertItems(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  values: Values,
  pointer: (index: number) => string,
  check: Check = checkLeadInput,
): Promise<ItemOutcome[]> {
  return writeItems(db, compiled, actor, checkItems(values, pointer, check))
}

/**
 * How many chunks of an import are written side by side. Three kept both cores busier than two (100,000 rows on
 * Postgres, alternated: 6,669 -> 7,246 rows/s); four gave 7% more again but would hold 4 of the pool's 10 connections
 * for one import.
 */
export const CHUNKS_IN_FLIGHT = 3

/**
 * The two halves of a streamed import's chunk: `prepare` checks its rows and scores the new leads among them with
 * the rubric the last chunk was written with (while that chunk is still being written), `write` writes them.
 */
export function itemImporter(db: Database, compiled: CompiledRubrics, actor: Actor, check: Check) {
  const scoring: Scoring = {}
  const grown = leadStatistics(db)
  // Refreshing the statistics (ANALYZE: 0.5 s at 60,000 leads) held its chunk's answer and a place in the window;
  // now it runs beside the next chunks, one at a time, and the import's summary waits for it (`settled`).
  let refreshing = Promise.resolve()
  return {
    prepare: (values: Values): CheckedItems => {
      const checked = checkItems(values, () => '', check)
      const rubric = scoring.rubric
      // Scoring ahead is wasted on rows that turn out to update a lead: only done while most rows create one.
      if (rubric !== undefined && scoring.mostlyNew === true)
        for (const item of checked.items) item.creation = creationOf(actor, rubric, item)
      return checked
    },
    write: async (checked: CheckedItems) => {
      const outcomes = await writeItems(db, compiled, actor, checked, scoring)
      const created = outcomes.filter((o) => o.result === 'created').length
      // Only the plans depend on it: a refusal (say, a role that does not own the table) is logged, not the import's.
      refreshing = refreshing
        .then(() => grown(created))
        .catch((error: unknown) => actor.log?.warn({ err: error }, 'the statistics of leads could not be refreshed'))
      return outcomes
    },
    settled: () => refreshing,
    // Two chunks that name one email commit in order: the later one updates what the earlier wrote.
    concurrency: {
      window: CHUNKS_IN_FLIGHT,
      keys: (checked: CheckedItems) => checked.items.map((i) => i.input.email.toLowerCase()),
    },
  }
}

export const emptySummary = (): Summary => ({ created: 0, updated: 0, unchanged: 0, error: 0 })

export function count(summary: Summary, outcome: ItemOutcome): void {
  summary[outcome.result]++
}
