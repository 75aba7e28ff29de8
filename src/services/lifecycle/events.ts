// Use case: the workspace's event log, newest first, for polling integrations.
import type { Db } from '../../db/client.js'
import { findEvent, listEvents, type EventRow } from '../../db/repositories/ledger.js'
import { notFound } from '../../errors.js'

export function eventView(row: EventRow) {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    entity_type: row.entityType,
    entity_id: row.entityId,
    occurred_at: row.occurredAt.toISOString(),
    data: row.payload,
  }
}

export async function pollEvents(
  db: Db,
  workspaceId: string,
  q: { type?: string | undefined; limit?: number | undefined; starting_after?: string | undefined },
) {
  let beforeSeq: number | undefined
  if (q.starting_after !== undefined) {
    const cursor = await findEvent(db, workspaceId, q.starting_after)
    if (cursor === undefined) throw notFound('event')
    beforeSeq = cursor.seq
  }
  const limit = q.limit ?? 20
  const rows = await listEvents(db, workspaceId, { type: q.type, beforeSeq, limit: limit + 1 })
  return { rows: rows.slice(0, limit).map(eventView), hasMore: rows.length > limit }
}
