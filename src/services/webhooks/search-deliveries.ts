// Use case: a page of the deliveries to one subscription, newest first.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { findWebhook, listDeliveries } from '../../db/repositories/webhooks.js'
import { found } from '../../errors.js'
import type { DeliveryList, ListQuery } from '../../schemas/webhooks.js'
import { pageQuery, pageView } from '../page.js'
import { deliveryView } from './webhook-view.js'

export async function searchDeliveries(
  db: Db,
  workspaceId: string,
  webhookId: string,
  q: Static<typeof ListQuery>,
): Promise<Static<typeof DeliveryList>> {
  found(await findWebhook(db, workspaceId, webhookId), 'webhook')
  const page = await listDeliveries(db, workspaceId, webhookId, pageQuery(q))
  return pageView(page.rows.map(deliveryView), page.hasMore)
}
