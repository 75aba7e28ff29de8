// Use case: unsubscribe. Idempotent: unsubscribing twice, or from an unknown id, is fine.
import type { Db } from '../../db/client.js'
import { deleteWebhook } from '../../db/repositories/webhooks.js'

export const removeWebhook = (db: Db, workspaceId: string, id: string): Promise<void> =>
  deleteWebhook(db, workspaceId, id)
