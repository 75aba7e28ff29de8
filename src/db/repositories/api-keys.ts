// API key rows: only hashes are stored; lookups by hash, listing and revocation per workspace.
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { prepared } from '../prepared.js'
import { announceInvalidation } from './invalidations.js'
import { apiKeys } from '../schema.js'

export type ApiKeyRow = typeof apiKeys.$inferSelect
export type NewApiKey = typeof apiKeys.$inferInsert

export async function insertApiKey(db: Db, key: NewApiKey, now: Date): Promise<ApiKeyRow> {
  const [row] = await db
    .insert(apiKeys)
    .values({ ...key, createdAt: now })
    .returning()
  return row!
}

const activeKeyByHash = (db: Db) =>
  db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sql.placeholder('hash')), isNull(apiKeys.revokedAt)))
    .prepare('active_key_by_hash')

export async function findActiveKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await prepared(db, activeKeyByHash).execute({ hash: keyHash })
  return row
}

export async function listApiKeys(db: Db, workspaceId: string): Promise<ApiKeyRow[]> {
  return db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
}

export async function findApiKey(db: Db, workspaceId: string, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id)))
  return row
}

/** Every instance drops the key from its cache once this commits. */
export async function revokeApiKey(db: Db, workspaceId: string, id: string, now: Date): Promise<void> {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ keyHash: apiKeys.keyHash })
  for (const { keyHash } of revoked) await announceInvalidation(db, keyChanged(keyHash))
}

export const keyChanged = (keyHash: string) => `key:${keyHash}`

export async function countActiveAdminKeys(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), isNull(apiKeys.revokedAt), sql`'admin' = any(${apiKeys.scopes})`))
  return row?.n ?? 0
}

export async function countAllKeys(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apiKeys)
  return row?.n ?? 0
}

/** Records that the keys were used; a key already marked within the last minute is left alone (no dead tuple). */
export async function touchApiKeys(db: Db, ids: string[]): Promise<void> {
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        inArray(apiKeys.id, ids),
        sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
      ),
    )
}
