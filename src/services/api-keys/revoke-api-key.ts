// Use case: revoke a key of the caller's workspace, refusing to remove the workspace's last admin key.
import type { Database } from '../../db/client.js'
import type { TtlCache } from '../cache/ttl-cache.js'
import type { AuthContext } from './authenticate.js'
import { countActiveAdminKeys, findApiKey, revokeApiKey as markRevoked } from '../../db/repositories/api-keys.js'
import { lockWorkspace } from '../../db/repositories/workspaces.js'
import { AppError, found } from '../../errors.js'

export async function revokeApiKey(
  db: Database,
  keys: TtlCache<AuthContext>,
  workspaceId: string,
  id: string,
  now: Date,
): Promise<void> {
  const keyHash = await db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const key = found(await findApiKey(tx, workspaceId, id), 'API key')
    if (key.revokedAt !== null) return key.keyHash
    if (key.scopes.includes('admin') && (await countActiveAdminKeys(tx, workspaceId)) <= 1) {
      throw new AppError(
        'CONFLICT',
        'this is the last active admin key of the workspace; create another admin key first',
      )
    }
    await markRevoked(tx, workspaceId, id, now)
    return key.keyHash
  })
  // Other instances hear of it when the transaction commits; this one refuses the key from the next request on.
  keys.delete(keyHash)
}
