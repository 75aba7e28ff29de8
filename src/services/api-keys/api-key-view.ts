// The API shape of a key: never its hash, and its secret only in the answer that creates it.
import type { ApiKeyRow } from '../../db/repositories/api-keys.js'
import type { ApiKeyView } from '../../schemas/api-keys.js'

export const apiKeyView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  created_at: row.createdAt.toISOString(),
  last_used_at: row.lastUsedAt?.toISOString() ?? null,
  revoked_at: row.revokedAt?.toISOString() ?? null,
})
