// Use case: resolve a presented bearer key to its workspace and scopes, or to nothing.
import type { Database } from '../../db/client.js'
import { findActiveKeyByHash, touchApiKey } from '../../db/repositories/api-keys.js'
import { hashKey, sameHash } from './secrets.js'

export interface AuthContext {
  workspaceId: string
  keyId: string
  prefix: string
  scopes: string[]
}

export async function authenticate(db: Database, presented: string): Promise<AuthContext | undefined> {
  const hash = hashKey(presented)
  const row = await findActiveKeyByHash(db, hash)
  if (row === undefined || !sameHash(row.keyHash, hash)) return undefined
  await touchApiKey(db, row.id)
  return { workspaceId: row.workspaceId, keyId: row.id, prefix: row.prefix, scopes: row.scopes }
}
