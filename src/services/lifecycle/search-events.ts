// Use case: the workspace's event log, newest first, for polling integrations.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { findEvent, listEvents, type EventRow } from '../../db/repositories/ledger.js'
import { found } from '../../errors.js'
import type { Event } from '../../schemas/events.js'
import type { EventList, EventQuery } from '../../schemas/lifecycle.js'
import { pageQuery, pageView } from '../page.js'
import type { EventWatermark } from './event-watermark.js'

/** A stored event as the feed shows it; what writers store is typed by EventPayload and checked by the tests. */
export function eventView(row: EventRow): Event {
  return {
    id: row.id,
    seq: row.seq,
    type: row.type,
    entity_type: row.entityType,
    entity_id: row.entityId,
    occurred_at: row.occurredAt.toISOString(),
    data: row.payload,
  } as Event
}

export async function searchEvents(
  db: Db,
  watermark: EventWatermark,
  workspaceId: string,
  q: Static<typeof EventQuery>,
): Promise<Static<typeof EventList>> {
  const beforeSeq =
    q.starting_after === undefined ? undefined : found(await findEvent(db, workspaceId, q.starting_after), 'event').seq
  const { limit } = pageQuery(q)
  const upToSeq = await watermark.bound(db)
  const rows = await listEvents(db, workspaceId, { type: q.type, beforeSeq, upToSeq, limit: limit + 1 })
  return pageView(rows.slice(0, limit).map(eventView), rows.length > limit)
}
