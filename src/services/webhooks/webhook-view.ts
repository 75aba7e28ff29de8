// The API shapes of a webhook subscription and of one delivery to it.
import type { Static } from 'typebox'
import type { DeliveryRow, WebhookRow } from '../../db/repositories/webhooks.js'
import type { Delivery, Webhook, WebhookWithSecret } from '../../schemas/webhooks.js'

export function webhookView(row: WebhookRow): Static<typeof Webhook> {
  return {
    id: row.id,
    target_url: row.targetUrl,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }
}

/** Only the answers that create or rotate the secret show it: the plain secret, never the stored (encrypted) one. */
export const webhookWithSecret = (row: WebhookRow, secret: string): Static<typeof WebhookWithSecret> => ({
  ...webhookView(row),
  secret,
})

export function deliveryView(row: DeliveryRow): Static<typeof Delivery> {
  return {
    id: row.id,
    event_id: row.eventId,
    event_type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    last_status_code: row.lastStatusCode,
    last_error: row.lastError,
    next_attempt_at: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    delivered_at: row.deliveredAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
  }
}
