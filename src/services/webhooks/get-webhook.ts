// Use case: read a subscription.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { findWebhook } from '../../db/repositories/webhooks.js'
import { found } from '../../errors.js'
import type { Webhook } from '../../schemas/webhooks.js'
import { webhookView } from './webhook-view.js'

export async function getWebhook(db: Db, workspaceId: string, id: string): Promise<Static<typeof Webhook>> {
  return webhookView(found(await findWebhook(db, workspaceId, id), 'webhook'))
}
