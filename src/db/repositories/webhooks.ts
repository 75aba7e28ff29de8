// Webhook subscriptions and the delivery outbox.
import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { webhookDeliveries, webhooks } from '../schema.js'
import { pageOf, type Page, type PageQuery } from './page.js'

export type WebhookRow = typeof webhooks.$inferSelect
export type NewWebhook = typeof webhooks.$inferInsert
export type WebhookChanges = Partial<
  Pick<NewWebhook, 'events' | 'description' | 'enabled' | 'disabledReason' | 'secret' | 'targetUrl'>
>
export type DeliveryRow = typeof webhookDeliveries.$inferSelect

export async function insertWebhook(db: Db, row: NewWebhook): Promise<WebhookRow> {
  const [inserted] = await db.insert(webhooks).values(row).returning()
  return inserted!
}

export async function findWebhook(db: Db, workspaceId: string, id: string): Promise<WebhookRow | undefined> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
  return row
}

export async function updateWebhook(
  db: Db,
  workspaceId: string,
  id: string,
  changes: WebhookChanges,
): Promise<WebhookRow | undefined> {
  const [row] = await db
    .update(webhooks)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
    .returning()
  return row
}

export async function deleteWebhook(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.delete(webhooks).where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
}

export function listWebhooks(db: Db, workspaceId: string, page: PageQuery): Promise<Page<WebhookRow>> {
  return pageOf<WebhookRow>(db, webhooks, workspaceId, [], page)
}

/** Fans an event out to every enabled subscription that wants it: in the event's own transaction. */
export async function enqueueDeliveries(
  db: Db,
  event: { workspaceId: string; id: string; seq: number; type: string; entityId: string },
): Promise<void> {
  await db.execute(sql`
    insert into webhook_deliveries (workspace_id, webhook_id, event_id, event_seq, event_type, entity_id)
    select w.workspace_id, w.id, ${event.id}, ${event.seq}, ${event.type}, ${event.entityId}
    from webhooks w
    where w.workspace_id = ${event.workspaceId} and w.enabled and (${event.type} = any(w.events) or '*' = any(w.events))`)
}

export interface ClaimedDelivery {
  workspace_id: string
  id: string
  webhook_id: string
  event_id: string
  attempts: number
}

/**
 * Claims up to `limit` due deliveries for `lockSeconds`. SKIP LOCKED lets several workers claim side by side
 * without taking the same row; a delivery waits while an earlier event of the same record is still pending
 * for the same subscription, so each subscriber sees a record's events in order.
 */
export async function claimDueDeliveries(db: Db, limit: number, lockSeconds: number): Promise<ClaimedDelivery[]> {
  const result = await db.execute(sql`
    update webhook_deliveries d
    set locked_until = now() + make_interval(secs => ${lockSeconds}), attempts = d.attempts + 1, updated_at = now()
    where (d.workspace_id, d.id) in (
      select c.workspace_id, c.id from webhook_deliveries c
      where c.status = 'pending' and c.next_attempt_at <= now() and (c.locked_until is null or c.locked_until < now())
        and not exists (
          select 1 from webhook_deliveries e
          where e.workspace_id = c.workspace_id and e.webhook_id = c.webhook_id and e.entity_id = c.entity_id
            and e.event_seq < c.event_seq and e.status = 'pending')
      order by c.next_attempt_at, c.event_seq
      limit ${limit}
      for update skip locked)
    returning d.workspace_id, d.id, d.webhook_id, d.event_id, d.attempts`)
  return (result as unknown as { rows: ClaimedDelivery[] }).rows
}

export interface Outcome {
  status: 'pending' | 'succeeded' | 'failed'
  statusCode: number | null
  error: string | null
  /** For another attempt: seconds from now. */
  retryInSeconds?: number
}

export async function recordOutcome(db: Db, workspaceId: string, id: string, outcome: Outcome): Promise<void> {
  await db
    .update(webhookDeliveries)
    .set({
      status: outcome.status,
      lastStatusCode: outcome.statusCode,
      lastError: outcome.error,
      lockedUntil: null,
      updatedAt: sql`now()`,
      ...(outcome.status === 'succeeded' ? { deliveredAt: sql`now()` } : {}),
      ...(outcome.retryInSeconds === undefined
        ? {}
        : { nextAttemptAt: sql`now() + make_interval(secs => ${outcome.retryInSeconds})` }),
    })
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id)))
}

export function listDeliveries(
  db: Db,
  workspaceId: string,
  webhookId: string,
  page: PageQuery,
): Promise<Page<DeliveryRow>> {
  return pageOf<DeliveryRow>(db, webhookDeliveries, workspaceId, [eq(webhookDeliveries.webhookId, webhookId)], page)
}

export async function findDelivery(
  db: Db,
  workspaceId: string,
  webhookId: string,
  id: string,
): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .select()
    .from(webhookDeliveries)
    .where(
      and(
        eq(webhookDeliveries.workspaceId, workspaceId),
        eq(webhookDeliveries.webhookId, webhookId),
        eq(webhookDeliveries.id, id),
      ),
    )
  return row
}

/** Makes a delivery due again now, keeping its attempt count. */
export async function requeueDelivery(db: Db, workspaceId: string, id: string): Promise<DeliveryRow> {
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: 'pending', nextAttemptAt: sql`now()`, lockedUntil: null, updatedAt: sql`now()` })
    .where(and(eq(webhookDeliveries.workspaceId, workspaceId), eq(webhookDeliveries.id, id)))
    .returning()
  return row!
}
