// Use case: change a subscription's events, description, or enabled flag.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { updateWebhook } from '../../db/repositories/webhooks.js'
import { found } from '../../errors.js'
import type { Webhook, WebhookPatch } from '../../schemas/webhooks.js'
import { webhookView } from './webhook-view.js'

export async function editWebhook(
  db: Db,
  workspaceId: string,
  id: string,
  patch: Static<typeof WebhookPatch>,
  now: Date,
): Promise<Static<typeof Webhook>> {
  const row = await updateWebhook(
    db,
    workspaceId,
    id,
    {
      ...(patch.events === undefined ? {} : { events: patch.events }),
      ...(patch.description === undefined ? {} : { description: patch.description }),
      // Turning a subscription back on clears the reason it was turned off.
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled, disabledReason: null }),
    },
    now,
  )
  return webhookView(found(row, 'webhook'))
}
