// Keyset pagination, newest first: after the row named by `starting_after`, ordered by (created_at, id) descending.
import { and, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core'
import { AppError } from '../../errors.js'
import type { Db } from '../client.js'

interface PagedTable {
  workspaceId: PgColumn
  id: PgColumn
  createdAt: PgColumn
}

/** Where a page starts: after an item named by the client, or after a position a use case remembered. */
export type Cursor = string | { createdAt: Date; id: string }

export interface PageQuery {
  limit: number
  startingAfter?: Cursor | undefined
}
export interface Page<T> {
  rows: T[]
  hasMore: boolean
}

async function positionOf(db: Db, table: PgTable & PagedTable, workspaceId: string, cursor: Cursor) {
  if (typeof cursor !== 'string') return cursor
  const [row] = await db
    .select({ createdAt: table.createdAt, id: table.id })
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.id, cursor)))
  if (row === undefined)
    throw new AppError('NOT_FOUND', 'starting_after names no item of this list (deleted, or from another list)')
  return row as { createdAt: Date; id: string }
}

export async function pageOf<T>(
  db: Db,
  table: PgTable & PagedTable,
  workspaceId: string,
  where: SQL[],
  page: PageQuery,
): Promise<Page<T>> {
  const after =
    page.startingAfter === undefined ? undefined : await positionOf(db, table, workspaceId, page.startingAfter)
  const rows = (await db
    .select()
    .from(table as PgTable)
    .where(
      and(
        eq(table.workspaceId, workspaceId),
        ...where,
        ...(after === undefined
          ? []
          : [
              sql`(${table.createdAt}, ${table.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`,
            ]),
      ),
    )
    .orderBy(desc(table.createdAt), desc(table.id))
    .limit(page.limit + 1)) as T[]
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit }
}
