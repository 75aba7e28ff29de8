// Use case: revoke a key of the caller's workspace, refusing to remove the workspace's last admin key.
import type { Database } from '../../db/client.js'
import { countActiveAdminKeys, findApiKey, revokeApiKey as markRevoked } from '../../db/repositories/api-keys.js'
import { lockWorkspace } from '../../db/repositories/workspaces.js'
import { AppError, found } from '../../errors.js'

export async function revokeApiKey(db: Database, workspaceId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const key = found(await findApiKey(tx, workspaceId, id), 'API key')
    if (key.revokedAt !== null) return
    if (key.scopes.includes('admin') && (await countActiveAdminKeys(tx, workspaceId)) <= 1) {
      throw new AppError(
        'CONFLICT',
        'this is the last active admin key of the workspace; create another admin key first',
      )
    }
    await markRevoked(tx, workspaceId, id)
  })
}
