// Use case: replace a subscription's signing secret; the new one is in this answer only.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { updateWebhook } from '../../db/repositories/webhooks.js'
import { found } from '../../errors.js'
import type { WebhookWithSecret } from '../../schemas/webhooks.js'
import type { SecretBox } from './secret-box.js'
import { generateSecret } from './signing.js'
import { webhookWithSecret } from './webhook-view.js'

export async function rotateWebhookSecret(
  db: Db,
  workspaceId: string,
  id: string,
  box: SecretBox,
  now: Date,
): Promise<Static<typeof WebhookWithSecret>> {
  const secret = generateSecret()
  const row = await updateWebhook(db, workspaceId, id, { secret: box.encrypt(secret) }, now)
  return webhookWithSecret(found(row, 'webhook'), secret)
}
