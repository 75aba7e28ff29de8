// Use case: import leads (and their past activities) from an NDJSON or CSV body while it streams in. Rows are upserted
// by email in order; a bad row is that row's result and never rolls back a good one, and memory stays flat whatever
// the size. Yields one result per data row, then the summary. Re-running an import is safe: rows already in are
// "unchanged" and activities already recorded are not recorded twice.
import type { Readable } from 'node:stream'
import type { Database } from '../../db/client.js'
import { AppError } from '../../errors.js'
import type { ImportLine, Summary, TransferFormat } from '../../schemas/lead-transfer.js'
import { mappingFor } from '../column-mappings/read-column-mappings.js'
import { mappedCsv } from '../datasets/dataset.js'
import type { Actor } from '../lifecycle/actor.js'
import { checkLeadImportRow } from './import-check.js'
import { csvRows, ndjsonRows, type RawRow } from '../streaming/rows-in.js'
import { runImport } from '../streaming/run-import.js'
import { importPlan, leadFromCells } from './lead-csv.js'
import { emptySummary, itemImporter, type CheckedItems, type ItemOutcome } from './upsert-item.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

function leadCsvPlan(header: string[]) {
  const plan = importPlan(header)
  return { width: plan.length, row: (cells: readonly string[]) => leadFromCells(plan, cells) }
}

async function leadRows(
  db: Database,
  actor: Actor,
  format: TransferFormat,
  body: Readable,
  mappingId: string | undefined,
): Promise<AsyncGenerator<RawRow>> {
  if (format === 'ndjson') {
    if (mappingId !== undefined)
      throw new AppError('VALIDATION_FAILED', 'mapping_id applies to CSV bodies only', {
        errors: [{ pointer: '/mapping_id', in: 'querystring', detail: 'applies to CSV bodies only' }],
      })
    return ndjsonRows(body)
  }
  if (mappingId === undefined) return csvRows(body, leadCsvPlan)
  return mappedCsv(body, await mappingFor(db, actor.workspaceId, mappingId), 'leads')
}

/**
 * Resolves once the body is known to be readable (a CSV header is checked here: a bad one is a 400 before any write).
 */
export async function importLeads(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  format: TransferFormat,
  body: Readable,
  mappingId?: string,
): Promise<AsyncGenerator<ImportLine>> {
  const rows = await leadRows(db, actor, format, body, mappingId)
  const importer = itemImporter(db, compiled, actor, checkLeadImportRow)
  const lines = runImport<ItemOutcome, Summary, CheckedItems>(
    rows,
    importer.write,
    emptySummary(),
    importer.prepare,
    importer.concurrency,
  )
  return settledFirst(lines, importer.settled)
}

/** The lines, the summary once what the import started beside its chunks has settled. */
async function* settledFirst(lines: AsyncGenerator<ImportLine>, settled: () => Promise<void>) {
  for await (const line of lines) {
    if ('summary' in line) await settled()
    yield line
  }
}
