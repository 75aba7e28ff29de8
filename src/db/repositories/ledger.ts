// The append-only records of a change: the transition ledger and the per-workspace event log.
import { and, asc, desc, eq, lt, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { events, transitions, workspaces } from '../schema.js'
import { enqueueDeliveries } from './webhooks.js'

export type TransitionRow = typeof transitions.$inferSelect
export type NewTransition = typeof transitions.$inferInsert
export type EventRow = typeof events.$inferSelect

export async function insertTransition(db: Db, row: NewTransition): Promise<TransitionRow> {
  const [inserted] = await db.insert(transitions).values(row).returning()
  return inserted!
}

/**
 * Appends an event with the workspace's next sequence number. Taking the number locks the workspace's
 * counter row until commit, so numbers are gap-free and commit in order: a poller never skips one.
 * Webhook deliveries of the event are queued in the same transaction (the outbox).
 */
export async function appendEvent(
  db: Db,
  workspaceId: string,
  event: { type: string; entityType: string; entityId: string; payload: Record<string, unknown> },
): Promise<EventRow> {
  const [counter] = await db
    .update(workspaces)
    .set({ eventSeq: sql`${workspaces.eventSeq} + 1` })
    .where(eq(workspaces.id, workspaceId))
    .returning({ seq: workspaces.eventSeq })
  const [inserted] = await db
    .insert(events)
    .values({ workspaceId, seq: counter!.seq, ...event })
    .returning()
  await enqueueDeliveries(db, {
    workspaceId,
    id: inserted!.id,
    seq: inserted!.seq,
    type: inserted!.type,
    entityId: inserted!.entityId,
  })
  return inserted!
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
    .orderBy(asc(transitions.occurredAt), asc(transitions.id))
}

export async function listEvents(
  db: Db,
  workspaceId: string,
  filter: { type?: string | undefined; beforeSeq?: number | undefined; limit: number },
): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(
      and(
        eq(events.workspaceId, workspaceId),
        ...(filter.type === undefined ? [] : [eq(events.type, filter.type)]),
        ...(filter.beforeSeq === undefined ? [] : [lt(events.seq, filter.beforeSeq)]),
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
