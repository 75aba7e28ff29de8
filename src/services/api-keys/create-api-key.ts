// Use case: issue a new API key for a workspace; the plain key is returned once and never stored.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { insertApiKey } from '../../db/repositories/api-keys.js'
import type { CreatedApiKey } from '../../schemas/api-keys.js'
import { apiKeyView } from './api-key-view.js'
import type { Scope } from './scopes.js'
import { displayPrefix, generateKey, hashKey } from './secrets.js'

export async function createApiKey(
  db: Db,
  workspaceId: string,
  input: { name: string; scopes: Scope[] },
  now: Date,
  plainKey = generateKey(),
): Promise<Static<typeof CreatedApiKey>> {
  const row = await insertApiKey(
    db,
    {
      workspaceId,
      name: input.name,
      prefix: displayPrefix(plainKey),
      keyHash: hashKey(plainKey),
      scopes: [...new Set(input.scopes)],
    },
    now,
  )
  return { ...apiKeyView(row), key: plainKey }
}
