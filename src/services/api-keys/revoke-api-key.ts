// Use case: revoke a key of the caller's workspace, refusing to remove the workspace's last admin key.
import type { Database } from '../../db/client.js'
import { countActiveAdminKeys, findApiKey, revokeApiKey } from '../../db/repositories/api-keys.js'
import { lockWorkspace } from '../../db/repositories/workspaces.js'
import { AppError, notFound } from '../../errors.js'

export async function revokeKey(db: Database, workspaceId: string, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const key = await findApiKey(tx, workspaceId, id)
    if (key === undefined) throw notFound('API key')
    if (key.revokedAt !== null) return
    if (key.scopes.includes('admin') && (await countActiveAdminKeys(tx, workspaceId)) <= 1) {
      throw new AppError(
        'CONFLICT',
        'this is the last active admin key of the workspace; create another admin key first',
      )
    }
    await revokeApiKey(tx, workspaceId, id)
  })
}
