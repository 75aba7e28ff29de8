// Use cases: a subscription's deliveries, and replaying one.
import type { Db } from '../../db/client.js'
import { findDelivery, listDeliveries, requeueDelivery, type DeliveryRow } from '../../db/repositories/webhooks.js'
import { notFound } from '../../errors.js'
import { getWebhook } from './subscriptions.js'

export function deliveryView(row: DeliveryRow) {
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

export async function deliveriesOf(
  db: Db,
  workspaceId: string,
  webhookId: string,
  q: { limit?: number | undefined; starting_after?: string | undefined },
) {
  await getWebhook(db, workspaceId, webhookId)
  const page = await listDeliveries(db, workspaceId, webhookId, {
    limit: q.limit ?? 20,
    startingAfter: q.starting_after,
  })
  return { rows: page.rows.map(deliveryView), hasMore: page.hasMore }
}

/** Makes the delivery due now, whatever its state: a replay on request. */
export async function retryDelivery(db: Db, workspaceId: string, webhookId: string, id: string) {
  if ((await findDelivery(db, workspaceId, webhookId, id)) === undefined) throw notFound('delivery')
  return deliveryView(await requeueDelivery(db, workspaceId, id))
}
