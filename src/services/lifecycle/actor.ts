// Who asks for a change and how: the key, its scopes, the request id, the time, and the HTTP preconditions.
export interface Actor {
  workspaceId: string
  keyId: string
  scopes: string[]
  requestId: string
  now: Date
}

export interface WriteOptions {
  /** Compute and return the change, then roll it back. */
  dryRun?: boolean | undefined
  /** The ETag the client last saw; a mismatch is 412. */
  ifMatch?: string | undefined
}
