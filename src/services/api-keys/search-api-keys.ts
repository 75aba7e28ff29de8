// Use case: list a workspace's keys (never their secrets).
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listApiKeys } from '../../db/repositories/api-keys.js'
import type { ApiKeyList } from '../../schemas/api-keys.js'
import { apiKeyView } from './api-key-view.js'

export async function searchApiKeys(db: Db, workspaceId: string): Promise<Static<typeof ApiKeyList>> {
  return { data: (await listApiKeys(db, workspaceId)).map(apiKeyView) }
}
