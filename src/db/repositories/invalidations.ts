// Tells every instance that cached data changed: a NOTIFY sent with the transaction, delivered only if it commits.
import { sql } from 'drizzle-orm'
import type { Db } from '../client.js'

export const INVALIDATION_CHANNEL = 'qualify_invalidate'

export async function announceInvalidation(db: Db, message: string): Promise<void> {
  await db.execute(sql`select pg_notify(${INVALIDATION_CHANNEL}, ${message})`)
}
