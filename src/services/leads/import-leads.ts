// Use case: import leads from an NDJSON or CSV body while it streams in. Rows are upserted by email one at a time,
// in order, each in its own transaction, so a bad row never rolls back a good one and memory stays flat whatever
// the size. Yields one result per data row, then the summary. Re-running an import is safe: rows already in are "unchanged".
import type { Readable } from 'node:stream'
import type { Database } from '../../db/client.js'
import { AppError } from '../../errors.js'
import type { ImportLine, ImportSummary, TransferFormat } from '../../schemas/lead-transfer.js'
import type { Actor } from '../lifecycle/actor.js'
import { csvRows, ndjsonRows, UnreadableBody, type RawRow } from './import-rows.js'
import { count, emptySummary, upsertItem, type ItemOutcome } from './upsert-item.js'

/** Resolves once the body is known to be readable (a CSV header is checked here: a bad one is a 400 before any write). */
export async function importLeads(
  db: Database,
  actor: Actor,
  format: TransferFormat,
  body: Readable,
): Promise<AsyncGenerator<ImportLine>> {
  const rows = format === 'csv' ? await csvRows(body) : ndjsonRows(body)
  return importRows(db, actor, rows)
}

function abortion(error: unknown): NonNullable<ImportSummary['aborted']> {
  if (error instanceof UnreadableBody)
    return error.line === undefined ? { detail: error.message } : { line: error.line, detail: error.message }
  if (error instanceof AppError) return { detail: error.detail }
  throw error
}

/** A body unreadable before its first row is refused as a whole: nothing was written, so nothing is half-answered. */
function refusal(error: UnreadableBody): AppError {
  const where = error.line === undefined ? '' : `line ${error.line}: `
  return new AppError(error.code, error.message, {
    errors: [{ pointer: '/', in: 'body', detail: `${where}${error.message}` }],
  })
}

async function* importRows(db: Database, actor: Actor, rows: AsyncGenerator<RawRow>): AsyncGenerator<ImportLine> {
  const summary = emptySummary()
  let aborted: ImportSummary['aborted']
  while (true) {
    // Only reading the body may abort the import; a database failure is a server error and ends the response.
    let next: IteratorResult<RawRow>
    try {
      next = await rows.next()
    } catch (error) {
      if (summary.created + summary.updated + summary.unchanged + summary.error === 0)
        throw error instanceof UnreadableBody ? refusal(error) : error
      aborted = abortion(error)
      break
    }
    if (next.done === true) break
    const row = next.value
    const outcome: ItemOutcome =
      'problem' in row
        ? { result: 'error', errors: [{ pointer: '/', detail: row.problem }] }
        : await upsertItem(db, actor, row.value, '')
    count(summary, outcome)
    yield { index: row.index, line: row.line, ...outcome }
  }
  yield aborted === undefined ? { summary } : { summary, aborted }
}
