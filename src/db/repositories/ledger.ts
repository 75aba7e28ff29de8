// The append-only records of a change: the transition ledger and the per-workspace event log.
import { and, asc, desc, eq, lt, lte, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'
import { insertFrom, type InsertFromValues } from '../insert-from.js'
import { events, transitions } from '../schema.js'
import { rowsOf } from './reports.js'
import { enqueueDeliveries } from './webhooks.js'

export type TransitionRow = typeof transitions.$inferSelect
export type NewTransition = typeof transitions.$inferInsert
export type EventRow = typeof events.$inferSelect

// The transaction gets its id before it takes a number (CASE evaluates its condition first), so whoever holds a
// number has one before the number can be read: the feed's watermark (services/lifecycle/event-watermark.ts) relies on
// it.
export const nextEventNumber = sql`case when pg_current_xact_id() is not null then nextval('event_seq') end`

/** An event to append; in `changeSteps` the id and payload may be expressions over the source. */
export interface EventDraft<Value = never> {
  type: string
  entityType: string
  entityId: string | Value
  payload: Record<string, unknown> | Value
  /** The app's clock, never the database's: stored times and scoring read one clock. */
  occurredAt: Date | Value
}

/**
 * The CTEs that write, once per row of `source`, a change's ledger row (when given), its event numbered from the
 * global sequence, and the event's webhook deliveries (the outbox). Values may be expressions over `source`.
 */
export function changeSteps(
  workspaceId: string | SQL,
  event: EventDraft<SQL>,
  transition: InsertFromValues<typeof transitions> | undefined,
  source: SQL,
): SQL {
  const ledger = transition === undefined ? sql`` : sql`tr as (${insertFrom(transitions, transition, source)}),`
  const appended = insertFrom(events, { workspaceId, seq: nextEventNumber, ...event }, source)
  return sql`${ledger} ev as (${appended} returning id, workspace_id, seq, type, entity_id),
    dl as (${enqueueDeliveries(sql.raw('ev'))})`
}

/**
 * Appends an event with the next number of the global sequence: no lock, so writers of one workspace run side by
 * side and their numbers may commit out of order (the feed's watermark keeps pollers from skipping any).
 * In the same statement: the webhook deliveries of the event (the outbox) and, for a state change, its ledger row.
 */
export async function appendEvent(
  db: Db,
  workspaceId: string,
  event: EventDraft,
  transition?: NewTransition,
): Promise<void> {
  await db.execute(sql`with ${changeSteps(workspaceId, event, transition, sql`(select) as one`)} select`)
}

export async function listTransitions(
  db: Db,
  workspaceId: string,
  entityType: string,
  entityId: string,
): Promise<TransitionRow[]> {
  return db
    .select()
    .from(transitions)
    .where(
      and(
        eq(transitions.workspaceId, workspaceId),
        eq(transitions.entityType, entityType),
        eq(transitions.entityId, entityId),
      ),
    )
    .orderBy(asc(transitions.seq))
}

/**
 * The last event number handed out (0 before the first), then a transaction id taken after it was read (the CASE
 * reads the number first). Every writer holding a number up to `last` got its id earlier, so it is below `after`.
 */
export async function lastEventNumber(db: Db): Promise<{ last: number; after: string }> {
  const [row] = await rowsOf<{ last: string; after: string }>(
    db,
    sql`select n as last, (case when n is not null then pg_current_xact_id() end)::text as after
        from (select case when is_called then last_value else 0 end as n from event_seq) as s`,
  )
  return { last: Number(row!.last), after: row!.after }
}

/**
 * Whether every transaction of this database that got its id before `xid` has ended (`xid`'s own has: it was a
 * single statement). The oldest running transaction settles it at once; when that one belongs to another database
 * of the server (a long report, a stuck session), this database's own running transactions are looked at instead.
 */
export async function endedBefore(db: Db, xid: string): Promise<boolean> {
  const [row] = await rowsOf<{ ended: boolean }>(
    db,
    sql`select pg_snapshot_xmin(pg_current_snapshot()) > ${xid}::xid8 or not exists (
          select 1 from pg_stat_activity
          where datname = current_database() and backend_xid is not null
            and age(backend_xid) > age(((${xid}::xid8::text::numeric) % 4294967296)::text::xid)
        ) as ended`,
  )
  return row!.ended
}

export async function listEvents(
  db: Db,
  workspaceId: string,
  filter: { type?: string | undefined; beforeSeq?: number | undefined; upToSeq: number; limit: number },
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        ...(filter.type === undefined ? [] : [eq(events.type, filter.type)]),
        ...(filter.beforeSeq === undefined ? [] : [lt(events.seq, filter.beforeSeq)]),
        lte(events.seq, filter.upToSeq),
      ),
    )
    .orderBy(desc(events.seq))
    .limit(filter.limit)
}

export async function findEvent(db: Db, workspaceId: string, id: string): Promise<EventRow | undefined> {
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.workspaceId, workspaceId), eq(events.id, id)))
  return row
}
