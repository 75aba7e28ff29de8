// Use case: resolve a presented bearer key to its workspace and scopes, or to nothing.
import type { Database } from '../../db/client.js'
import { findActiveKeyByHash } from '../../db/repositories/api-keys.js'
import type { TtlCache } from '../cache/ttl-cache.js'
import type { KeyUsage } from './key-usage.js'
import type { Scope } from './scopes.js'
import { sameHash } from './secrets.js'

export interface AuthContext {
  workspaceId: string
  keyId: string
  prefix: string
  scopes: Scope[]
}

export interface KeyLookup {
  /** Known keys by hash; unknown keys are not cached, so a new key works at once. */
  cache: TtlCache<AuthContext>
  usage: KeyUsage
}

/** The key's context if this instance has it cached (no database, no waiting), its use noted; else undefined. */
export function cachedAuth(keys: KeyLookup, hash: string): AuthContext | undefined {
  const auth = keys.cache.peek(hash)
  if (auth !== undefined) keys.usage.seen(auth.keyId)
  return auth
}

/** `hash` is the presented key's hashKey: the caller hashes it once for this and for the failure budget. */
export async function authenticate(db: Database, keys: KeyLookup, hash: string): Promise<AuthContext | undefined> {
  const auth = await keys.cache.load(hash, async () => {
    const row = await findActiveKeyByHash(db, hash)
    if (row === undefined || !sameHash(row.keyHash, hash)) return undefined
    return { workspaceId: row.workspaceId, keyId: row.id, prefix: row.prefix, scopes: row.scopes }
  })
  if (auth !== undefined) keys.usage.seen(auth.keyId)
  return auth
}
