// The ledger and event log written for many changes at once (imports): the same rows as appendEvent and its ledger
// statement write one by one, in a few statements, numbered by the same `nextEventNumber`.
import { sql } from 'drizzle-orm'
import { isAnyId } from '../any-id.js'
import type { Db } from '../client.js'
import { events, transitions } from '../schema.js'
import { orderedId } from '../ordered-id.js'
import { insertJsonRows } from './json-rows.js'
import { nextEventNumber, type NewTransition } from './ledger.js'
import { rowsOf } from './reports.js'

export type NewEvent = { type: string; entityType: string; entityId: string; payload: Record<string, unknown> }

// Far below PostgreSQL's 65,535 parameters per statement, whatever the width of the rows.
const ROWS_PER_STATEMENT = 1000

async function inSlices<T>(rows: readonly T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT)
    await write(rows.slice(start, start + ROWS_PER_STATEMENT))
}

export async function insertTransitions(db: Db, rows: readonly NewTransition[]): Promise<void> {
  await inSlices(rows, (slice) => insertJsonRows(db, transitions, slice))
}

/**
 * Appends the events in order with numbers of the global event sequence, taken in one statement as appendEvent
 * takes one: the transaction's id first, then the numbers, so the feed's watermark (event-watermark.ts) holds for
 * these too. Their webhook deliveries are queued in the same transaction (the outbox), one statement for all of them.
 */
export async function appendEvents(db: Db, workspaceId: string, list: readonly NewEvent[], now: Date): Promise<void> {
  if (list.length === 0) return
  const numbers = await rowsOf<{ seq: string }>(
    db,
    sql`select ${nextEventNumber} as seq from generate_series(1, ${list.length}) order by 1`,
  )
  const seqs = numbers.map((n) => Number(n.seq))
  const ids = list.map(() => orderedId())
  const rows = list.map((event, i) => ({ id: ids[i]!, workspaceId, seq: seqs[i]!, occurredAt: now, ...event }))
  await inSlices(rows, (slice) => insertJsonRows(db, events, slice))
  await inSlices(ids, (slice) =>
    db.execute(sql`
      insert into webhook_deliveries (workspace_id, webhook_id, event_id, event_seq, event_type, entity_id)
      select w.workspace_id, w.id, e.id, e.seq, e.type, e.entity_id
      from events e join webhooks w on w.workspace_id = e.workspace_id and w.enabled
        and (e.type = any(w.events) or '*' = any(w.events))
      where e.workspace_id = ${workspaceId} and ${isAnyId(sql`e.id`, slice)}`),
  )
}
