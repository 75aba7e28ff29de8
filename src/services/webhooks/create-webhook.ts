// Use case: subscribe a URL to events; the signing secret is in this answer only.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { insertWebhook } from '../../db/repositories/webhooks.js'
import type { CreateWebhookBody, WebhookWithSecret } from '../../schemas/webhooks.js'
import type { SecretBox } from './secret-box.js'
import { generateSecret } from './signing.js'
import { checkTarget } from './ssrf.js'
import { webhookWithSecret } from './webhook-view.js'

export async function createWebhook(
  db: Db,
  workspaceId: string,
  input: Static<typeof CreateWebhookBody>,
  allowLoopback: boolean,
  box: SecretBox,
  now: Date,
): Promise<Static<typeof WebhookWithSecret>> {
  await checkTarget(input.target_url, allowLoopback)
  const secret = generateSecret()
  const row = await insertWebhook(
    db,
    {
      workspaceId,
      targetUrl: input.target_url,
      events: input.events,
      description: input.description ?? null,
      secret: box.encrypt(secret),
    },
    now,
  )
  return webhookWithSecret(row, secret)
}
