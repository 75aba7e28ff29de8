// Who asks for a change and how: the key, its scopes, the request id, the time, and the HTTP preconditions.
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
}

export interface WriteOptions {
  /** Compute and return the change, then roll it back. */
  dryRun?: boolean | undefined
  /** The ETag the client last saw; a mismatch is 412. */
  ifMatch?: string | undefined
}
