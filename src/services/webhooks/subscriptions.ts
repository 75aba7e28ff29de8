// Use cases: subscribe, list, read, change, unsubscribe, and rotate the signing secret.
import type { Db } from '../../db/client.js'
import type { Page } from '../../db/repositories/page.js'
import {
  deleteWebhook,
  findWebhook,
  insertWebhook,
  listWebhooks,
  updateWebhook,
  type WebhookRow,
} from '../../db/repositories/webhooks.js'
import { notFound } from '../../errors.js'
import { checkTarget } from './ssrf.js'
import { generateSecret } from './signing.js'

export function webhookView(row: WebhookRow) {
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

export async function subscribe(
  db: Db,
  workspaceId: string,
  input: { target_url: string; events: string[]; description?: string | undefined },
  allowLoopback: boolean,
) {
  await checkTarget(input.target_url, allowLoopback)
  const row = await insertWebhook(db, {
    workspaceId,
    targetUrl: input.target_url,
    events: input.events,
    description: input.description ?? null,
    secret: generateSecret(),
  })
  return { ...webhookView(row), secret: row.secret }
}

export async function getWebhook(db: Db, workspaceId: string, id: string): Promise<WebhookRow> {
  const row = await findWebhook(db, workspaceId, id)
  if (row === undefined) throw notFound('webhook')
  return row
}

export const webhookPage = (
  db: Db,
  workspaceId: string,
  q: { limit?: number | undefined; starting_after?: string | undefined },
): Promise<Page<WebhookRow>> => listWebhooks(db, workspaceId, { limit: q.limit ?? 20, startingAfter: q.starting_after })

export async function changeWebhook(
  db: Db,
  workspaceId: string,
  id: string,
  patch: { events?: string[] | undefined; description?: string | null | undefined; enabled?: boolean | undefined },
) {
  const row = await updateWebhook(db, workspaceId, id, {
    ...(patch.events === undefined ? {} : { events: patch.events }),
    ...(patch.description === undefined ? {} : { description: patch.description }),
    // Turning a subscription back on clears the reason it was turned off.
    ...(patch.enabled === undefined ? {} : { enabled: patch.enabled, disabledReason: null }),
  })
  if (row === undefined) throw notFound('webhook')
  return row
}

/** Idempotent: unsubscribing twice, or from an unknown id, is fine. */
export const unsubscribe = (db: Db, workspaceId: string, id: string): Promise<void> =>
  deleteWebhook(db, workspaceId, id)

export async function rotateSecret(db: Db, workspaceId: string, id: string) {
  const row = await updateWebhook(db, workspaceId, id, { secret: generateSecret() })
  if (row === undefined) throw notFound('webhook')
  return { ...webhookView(row), secret: row.secret }
}
