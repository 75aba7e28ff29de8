// Use case: make a delivery due now, whatever its state: a replay on request.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { findDelivery, requeueDelivery } from '../../db/repositories/webhooks.js'
import { found } from '../../errors.js'
import type { Delivery } from '../../schemas/webhooks.js'
import { deliveryView } from './webhook-view.js'

export async function retryDelivery(
  db: Db,
  workspaceId: string,
  webhookId: string,
  id: string,
): Promise<Static<typeof Delivery>> {
  found(await findDelivery(db, workspaceId, webhookId, id), 'delivery')
  return deliveryView(await requeueDelivery(db, workspaceId, id))
}
