// Writes the ledger row and the event of a change, inside the caller's transaction.
import type { Db } from '../../db/client.js'
import { orderedId } from '../../db/ordered-id.js'
import { appendEvents, insertTransitions } from '../../db/repositories/ledger-batch.js'
import { appendEvent, type NewTransition } from '../../db/repositories/ledger.js'
import type { Evaluation } from '../../qualification/index.js'
import type { Entity } from '../../qualification/lifecycle.js'
import type { EventData, EventType } from '../../schemas/events.js'
import { changedAt, type Actor, type Journal } from './actor.js'

export interface Change {
  entity: Entity
  entityId: string
  action: string
  from: string | null
  to: string
  reason?: string | null | undefined
  override?: boolean
  evaluation?: Evaluation
}

/** The ledger row of a change, with an ordered id (the database's default is random, see rowId in schema.ts). */
export function transitionRow(actor: Actor, change: Change): NewTransition {
  const rubric = change.evaluation?.rubric
  return {
    id: orderedId(),
    workspaceId: actor.workspaceId,
    entityType: change.entity,
    entityId: change.entityId,
    action: change.action,
    fromState: change.from,
    toState: change.to,
    actorKeyId: actor.keyId,
    reason: change.reason ?? null,
    override: change.override ?? false,
    evaluation: change.evaluation ?? null,
    rubricId: rubric !== undefined && rubric.id !== 'inline' ? rubric.id : null,
    rubricVersion: rubric?.version ?? null,
    requestId: actor.requestId,
    occurredAt: changedAt(actor),
    imported: actor.importedAt !== undefined,
  }
}

/** A state change: one ledger row and one event, written with the change or not at all. */
export async function recordTransition<T extends EventType>(
  tx: Db,
  actor: Actor,
  change: Change,
  event: { type: T; payload: EventData<T> },
): Promise<void> {
  await recordEvent(tx, actor, change.entity, change.entityId, event, transitionRow(actor, change))
}

/**
 * A change that is not a state change (an edit, an activity): the event alone; with `transition`, its ledger row too.
 * Written at once, or gathered in the actor's journal when it has one.
 */
export async function recordEvent<T extends EventType>(
  tx: Db,
  actor: Actor,
  entity: string,
  entityId: string,
  event: { type: T; payload: EventData<T> },
  transition?: NewTransition,
): Promise<void> {
  if (actor.journal !== undefined) {
    if (transition !== undefined) actor.journal.transitions.push(transition)
    actor.journal.events.push({ type: event.type, entityType: entity, entityId, payload: event.payload } as BatchEvent)
    return
  }
  await appendEvent(
    tx,
    actor.workspaceId,
    {
      type: event.type,
      entityType: entity,
      entityId,
      payload: event.payload as Record<string, unknown>,
      occurredAt: actor.now,
    },
    transition,
  )
}

/** An event of a batch: its type, the record it is about, and the payload that type carries. */
export type BatchEvent = {
  [T in EventType]: { type: T; entityType: string; entityId: string; payload: EventData<T> }
}[EventType]

/** Many events at once (imports, upserts, rescoring), in order, typed like recordEvent's; ledger rows: the caller's. */
export async function recordEvents(tx: Db, workspaceId: string, list: readonly BatchEvent[], now: Date): Promise<void> {
  await appendEvents(tx, workspaceId, list, now)
}

/**
 * Writes what a journal gathered, in order: the ledger rows, then the events (numbered, with their deliveries), as
 * recordEvent would have one by one. The ledger's statement triggers then run once for all of them.
 */
export async function writeJournal(tx: Db, actor: Actor, journal: Journal): Promise<void> {
  await insertTransitions(tx, journal.transitions)
  await recordEvents(tx, actor.workspaceId, journal.events, actor.now)
}
