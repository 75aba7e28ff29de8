// Use case: list a workspace's keys (never their secrets).
import type { Database } from '../../db/client.js'
import { listApiKeys, type ApiKeyRow } from '../../db/repositories/api-keys.js'

export const listKeys = (db: Database, workspaceId: string): Promise<ApiKeyRow[]> => listApiKeys(db, workspaceId)
