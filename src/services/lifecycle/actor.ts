// Who asks for a change and how: the key, its scopes, the request id, the time, and the HTTP preconditions.
import type { NewTransition } from '../../db/repositories/ledger.js'
import type { BatchEvent } from './record.js'

export interface Actor {
  workspaceId: string
  keyId: string
  scopes: string[]
  requestId: string
  now: Date
  /**
   * Set only by an admin import, for records it creates: the past time a change happened elsewhere. Ledger rows
   * written for this actor carry it as occurred_at and are marked imported.
   */
  importedAt?: Date | undefined
  /**
   * Set only by a bulk writer (an import): the ledger rows and events of the actor's changes are gathered here and
   * written later in its transaction, in a few statements, instead of one statement each (see record.ts).
   */
  journal?: Journal | undefined
  /** Where a use case reports what the caller does not see but an operator should (the request's logger). */
  log?: WarningLog | undefined
}

export interface WarningLog {
  warn(details: object, message: string): void
}

/** Ledger rows and events gathered in order, to be written together (writeJournal). */
export interface Journal {
  transitions: NewTransition[]
  events: BatchEvent[]
}

/**
 * When the actor's change happened: an import's past time, else now. A record created and its ledger rows carry it;
 * updates and events carry `now`. Both come from the app's clock, never the database's.
 */
export const changedAt = (actor: Actor): Date => actor.importedAt ?? actor.now

export interface WriteOptions {
  /** Compute and return the change, then roll it back. */
  dryRun?: boolean | undefined
  /** The ETag the client last saw; a mismatch is 412. */
  ifMatch?: string | undefined
}
