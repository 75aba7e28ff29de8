// Use case: unsubscribe. An unknown id is 404, as for every other resource, so a typo is not taken for success.
import type { Db } from '../../db/client.js'
import { deleteWebhook } from '../../db/repositories/webhooks.js'
import { notFound } from '../../errors.js'

export async function removeWebhook(db: Db, workspaceId: string, id: string): Promise<void> {
  if (!(await deleteWebhook(db, workspaceId, id))) throw notFound('webhook')
}
