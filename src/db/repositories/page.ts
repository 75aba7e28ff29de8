// Keyset pagination, newest first: after the row named by `starting_after`, ordered by (created_at, id) descending.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../client.js'

interface PagedTable { workspaceId: PgColumn, id: PgColumn, createdAt: PgColumn }

export interface PageQuery { limit: number, startingAfter?: string | undefined }
export interface Page<T> { rows: T[], hasMore: boolean }

export async function pageOf<T> (
  db: Db, table: PgTable & PagedTable, workspaceId: string, where: SQL[], page: PageQuery
): Promise<Page<T>> {
  const after = page.startingAfter === undefined
    ? []
    : [sql`(${table.createdAt}, ${table.id}) < (select c.created_at, c.id from ${table} c where c.workspace_id = ${workspaceId} and c.id = ${page.startingAfter})`]
  const rows = await db.select().from(table as PgTable)
    .where(and(eq(table.workspaceId, workspaceId), ...where, ...after))
    .orderBy(desc(table.createdAt), desc(table.id))
    .limit(page.limit + 1) as T[]
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit }
}
