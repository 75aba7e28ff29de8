// Webhook subscriptions and the delivery outbox.
import { and, eq, gt, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'
import { webhookDeliveries, webhooks } from '../schema.js'
import { pageOf, type Page, type PageQuery } from './page.js'
import { rowsOf } from './reports.js'

export type WebhookRow = typeof webhooks.$inferSelect
export type NewWebhook = typeof webhooks.$inferInsert
export type WebhookChanges = Partial<
  Pick<NewWebhook, 'events' | 'description' | 'enabled' | 'disabledReason' | 'secret' | 'targetUrl'>
>
export type DeliveryRow = typeof webhookDeliveries.$inferSelect

export async function insertWebhook(db: Db, row: NewWebhook, now: Date): Promise<WebhookRow> {
  const [inserted] = await db
    .insert(webhooks)
    .values({ ...row, createdAt: now, updatedAt: now })
    .returning()
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
  now: Date,
): Promise<WebhookRow | undefined> {
  const [row] = await db
    .update(webhooks)
    .set({ ...changes, updatedAt: now })
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
    .returning()
  return row
}

/** True when there was such a subscription to delete. */
export async function deleteWebhook(db: Db, workspaceId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(webhooks)
    .where(and(eq(webhooks.workspaceId, workspaceId), eq(webhooks.id, id)))
    .returning({ id: webhooks.id })
  return gone.length > 0
}

export function listWebhooks(db: Db, workspaceId: string, page: PageQuery): Promise<Page<WebhookRow>> {
  return pageOf<WebhookRow>(db, webhooks, workspaceId, [], page)
}

/** Fans the events of `appended` (inserted rows of events) out to every enabled subscription that wants them. */
export const enqueueDeliveries = (appended: SQL) => sql`
    insert into webhook_deliveries (workspace_id, webhook_id, event_id, event_seq, event_type, entity_id)
    select w.workspace_id, w.id, e.id, e.seq, e.type, e.entity_id
    from ${appended} as e join webhooks w on w.workspace_id = e.workspace_id
    where w.enabled and (e.type = any(w.events) or '*' = any(w.events))`

export interface ClaimedDelivery {
  workspace_id: string
  id: string
  webhook_id: string
  event_id: string
  attempts: number
}

/** Where a scan of due deliveries stopped: the last (next_attempt_at, id) it looked at. */
export interface DueCursor {
  at: string
  id: string
}

const dueAfter = (after: DueCursor | undefined) =>
  after === undefined ? sql`true` : sql`(next_attempt_at, id) > (${after.at}::timestamptz, ${after.id}::uuid)`

/**
 * Runs a query over the due index in its order. Without statistics the planner guesses a handful of due rows and
 * picks a bitmap scan of all of them plus a sort; the index already holds them in order, and under a LIMIT only
 * its first entries are read. Both settings last until the end of this short transaction.
 */
async function inDueOrder<T>(db: Db, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local enable_bitmapscan = off`)
    await tx.execute(sql`set local enable_sort = off`)
    return rowsOf<T>(tx, query)
  })
}

/**
 * Claims, for `lockSeconds`, up to `limit` deliveries among the next `window` due ones after `after`.
 * SKIP LOCKED lets several workers claim side by side without taking the same row. A delivery waits while an
 * earlier event of the same record is still pending for the same subscription, so each subscriber sees a record's
 * events in order.
 *
 * The shape is what keeps this fast without table statistics: the window is an index range scan under a LIMIT;
 * "is this the earliest pending event of its record" is a scalar subquery (never turned into a join) reading one
 * entry of a partial index; rows are found again by ctid, leaving the planner no join to get wrong. The anti-join
 * this replaces was planned as a nested loop over the whole backlog (25,000 pending rows: minutes) whenever the
 * table had not been analyzed.
 */
export function claimDueInWindow(
  db: Db,
  limit: number,
  lockSeconds: number,
  window: number,
  after?: DueCursor,
): Promise<ClaimedDelivery[]> {
  return inDueOrder<ClaimedDelivery>(
    db,
    sql`
    with due as (
      select ctid as row, workspace_id, webhook_id, entity_id, event_seq, next_attempt_at, locked_until
      from webhook_deliveries
      where status = 'pending' and next_attempt_at <= now() and ${dueAfter(after)}
      order by next_attempt_at, id
      limit ${window}),
    heads as (
      select row from due
      where (locked_until is null or locked_until < now())
        and event_seq = (
          select e.event_seq from webhook_deliveries e
          where e.workspace_id = due.workspace_id and e.webhook_id = due.webhook_id and e.entity_id = due.entity_id
            and e.status = 'pending'
          order by e.event_seq
          limit 1)
      order by next_attempt_at, event_seq
      limit ${limit}),
    claimed as (
      select c.ctid as row from webhook_deliveries c
      where c.ctid = any(array(select row from heads))
        and c.status = 'pending' and (c.locked_until is null or c.locked_until < now())
      for update skip locked)
    update webhook_deliveries d
    set locked_until = now() + make_interval(secs => ${lockSeconds}), attempts = d.attempts + 1, updated_at = now()
    where d.ctid = any(array(select row from claimed))
    returning d.workspace_id, d.id, d.webhook_id, d.event_id, d.attempts`,
  )
}

/** The last key of the window after `after`, or undefined when the window is not full (nothing more is due). */
export async function dueWindowEnd(db: Db, window: number, after?: DueCursor): Promise<DueCursor | undefined> {
  const [end] = await inDueOrder<DueCursor>(
    db,
    sql`
    select next_attempt_at::text as at, id::text as id from webhook_deliveries
    where status = 'pending' and next_attempt_at <= now() and ${dueAfter(after)}
    order by next_attempt_at, id
    offset ${window - 1}
    limit 1`,
  )
  return end
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

export interface StoredSecret {
  workspaceId: string
  id: string
  secret: string
}

/** Subscriptions whose stored secret does not start with `prefix` (the current key's), by id after `after`. */
export function webhookSecretsNotUnder(
  db: Db,
  prefix: string,
  limit: number,
  after: string | undefined,
): Promise<StoredSecret[]> {
  return db
    .select({ workspaceId: webhooks.workspaceId, id: webhooks.id, secret: webhooks.secret })
    .from(webhooks)
    .where(
      and(
        sql`not starts_with(${webhooks.secret}, ${prefix})`,
        after === undefined ? undefined : gt(webhooks.id, after),
      ),
    )
    .orderBy(webhooks.id)
    .limit(limit)
}

/** Replaces a stored secret unless it changed since it was read (a rotation meanwhile wins). */
export async function replaceWebhookSecret(db: Db, row: StoredSecret, secret: string): Promise<boolean> {
  const done = await db
    .update(webhooks)
    .set({ secret })
    .where(and(eq(webhooks.workspaceId, row.workspaceId), eq(webhooks.id, row.id), eq(webhooks.secret, row.secret)))
    .returning({ id: webhooks.id })
  return done.length > 0
}
