// Stored first responses of POST requests, per workspace and Idempotency-Key.
import { and, eq, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { idempotencyKeys } from '../schema.js'

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect

// A request still "running" after this long died with its process: its key may be claimed again.
const RUNNING_LEASE = sql`interval '5 minutes'`
const stale = or(
  lt(idempotencyKeys.expiresAt, sql`now()`),
  and(eq(idempotencyKeys.state, 'running'), lt(idempotencyKeys.createdAt, sql`now() - ${RUNNING_LEASE}`)),
)

/**
 * Claims the key for a new request; false when a live record already holds it. Expired or abandoned records are
 * replaced.
 */
export async function claimIdempotencyKey(
  db: Db,
  workspaceId: string,
  key: string,
  requestHash: string,
): Promise<boolean> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key), stale))
  const rows = await db
    .insert(idempotencyKeys)
    .values({ workspaceId, key, requestHash, state: 'running' })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
  return rows.length === 1
}

export async function findIdempotencyRecord(
  db: Db,
  workspaceId: string,
  key: string,
): Promise<IdempotencyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)))
  return row
}

export async function completeIdempotencyKey(
  db: Db,
  workspaceId: string,
  key: string,
  response: { status: number; headers: Record<string, string>; body: string },
): Promise<void> {
  await db
    .update(idempotencyKeys)
    .set({
      state: 'done',
      responseStatus: response.status,
      responseHeaders: response.headers,
      responseBody: response.body,
    })
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)))
}

export async function releaseIdempotencyKey(db: Db, workspaceId: string, key: string): Promise<void> {
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.workspaceId, workspaceId), eq(idempotencyKeys.key, key)))
}

/** Removes expired records of every workspace; returns how many. */
export async function purgeExpiredIdempotencyKeys(db: Db): Promise<number> {
  return (
    await db
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.expiresAt, sql`now()`))
      .returning({ key: idempotencyKeys.key })
  ).length
}
