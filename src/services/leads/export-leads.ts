// Use case: every lead matching the list filters, newest first, read 500 at a time (keyset pages), as NDJSON or CSV.
import type { Db } from '../../db/client.js'
import { listAttributeKeys, listLeads } from '../../db/repositories/leads.js'
import type { Cursor } from '../../db/repositories/page.js'
import type { LeadFilters, TransferFormat } from '../../schemas/lead-transfer.js'
import type { Lead } from '../../schemas/leads.js'
import { exportCells, exportHeader } from './lead-csv.js'
import { leadView } from './lead-view.js'
import { leadFilter } from './lead-filter.js'
import { csvLines, ndjsonLines } from '../streaming/lines-out.js'

const PAGE = 500

async function* allLeads(db: Db, workspaceId: string, filters: LeadFilters): AsyncGenerator<Lead> {
  // The position, not the id, of the last lead: a lead deleted meanwhile does not end the export early.
  let after: Cursor | undefined
  let more = true
  while (more) {
    const { rows, hasMore } = await listLeads(db, workspaceId, leadFilter(filters), {
      limit: PAGE,
      startingAfter: after,
    })
    for (const row of rows) yield leadView(row)
    const last = rows.at(-1)
    after = last === undefined ? undefined : { createdAt: last.createdAt, id: last.id }
    more = hasMore
  }
}

async function* csvCells(leads: AsyncIterable<Lead>, keys: readonly string[]): AsyncGenerator<string[]> {
  for await (const lead of leads) yield exportCells(lead, keys)
}

export async function* exportLeads(
  db: Db,
  workspaceId: string,
  format: TransferFormat,
  filters: LeadFilters,
): AsyncGenerator<string> {
  const leads = allLeads(db, workspaceId, filters)
  if (format === 'ndjson') return yield* ndjsonLines(leads)
  // A CSV header must name every column up front: one attributes.<key> column per key the matching leads use.
  const keys = await listAttributeKeys(db, workspaceId, leadFilter(filters))
  yield* csvLines(exportHeader(keys), csvCells(leads, keys))
}
