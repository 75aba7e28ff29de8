// Use case: issue a new API key for a workspace; the plain key is returned once and never stored.
import type { Db } from '../../db/client.js'
import { insertApiKey, type ApiKeyRow } from '../../db/repositories/api-keys.js'
import type { Scope } from './scopes.js'
import { displayPrefix, generateKey, hashKey } from './secrets.js'

export interface CreatedApiKey {
  row: ApiKeyRow
  key: string
}

export async function createApiKey(
  db: Db,
  workspaceId: string,
  input: { name: string; scopes: Scope[] },
  plainKey = generateKey(),
): Promise<CreatedApiKey> {
  const row = await insertApiKey(db, {
    workspaceId,
    name: input.name,
    prefix: displayPrefix(plainKey),
    keyHash: hashKey(plainKey),
    scopes: [...new Set(input.scopes)],
  })
  return { row, key: plainKey }
}
