// Use case: a page of the workspace's subscriptions, newest first.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listWebhooks } from '../../db/repositories/webhooks.js'
import type { ListQuery, WebhookList } from '../../schemas/webhooks.js'
import { pageQuery, pageView } from '../page.js'
import { webhookView } from './webhook-view.js'

export async function searchWebhooks(
  db: Db,
  workspaceId: string,
  q: Static<typeof ListQuery>,
): Promise<Static<typeof WebhookList>> {
  const page = await listWebhooks(db, workspaceId, pageQuery(q))
  return pageView(page.rows.map(webhookView), page.hasMore)
}
