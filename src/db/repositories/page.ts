// Keyset pagination: after the row named by `starting_after`, ordered by (created_at, id) descending or by a sort key.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm'
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
/** A list order other than newest first: a never-null expression of the row, walked as (key, id). */
export interface SortKey {
  key: SQL
  /** The key's SQL type, to send the cursor row's key back as a parameter. */
  type: 'real' | 'numeric' | 'timestamptz' | 'date'
  descending: boolean
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

async function sortedAfter(db: Db, table: PgTable & PagedTable, workspaceId: string, cursor: Cursor, sort: SortKey) {
  const id = typeof cursor === 'string' ? cursor : cursor.id
  const [row] = await db
    .select({ key: sql<string>`(${sort.key})::text` })
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, workspaceId), eq(table.id, id)))
  if (row === undefined) throw new AppError('NOT_FOUND', 'starting_after names no item of this list')
  const after = sql`(${row.key}::${sql.raw(sort.type)}, ${id}::uuid)`
  return sort.descending ? sql`(${sort.key}, ${table.id}) < ${after}` : sql`(${sort.key}, ${table.id}) > ${after}`
}

/** A page in the order of `sort`: the cursor row's key is read first, so the page after it is exact under ties. */
export async function sortedPageOf<T>(
  db: Db,
  table: PgTable & PagedTable,
  workspaceId: string,
  where: SQL[],
  page: PageQuery,
  sort: SortKey,
): Promise<Page<T>> {
  const after =
    page.startingAfter === undefined ? [] : [await sortedAfter(db, table, workspaceId, page.startingAfter, sort)]
  const order = sort.descending ? desc : asc
  const rows = (await db
    .select()
    .from(table as PgTable)
    .where(and(eq(table.workspaceId, workspaceId), ...where, ...after))
    .orderBy(order(sort.key), order(table.id))
    .limit(page.limit + 1)) as T[]
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit }
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

/** A list order asked for: one of a list's named keys, either way. */
export interface ListSort<K extends string> {
  key: K
  descending: boolean
}

export type SortKeys<K extends string> = Record<K, Omit<SortKey, 'descending'>>

/** Newest first without `sort`, else in the order of its key; either way the cursor is the last row's id. */
export function listPage<T, K extends string>(
  db: Db,
  table: PgTable & PagedTable,
  workspaceId: string,
  where: SQL[],
  page: PageQuery,
  keys: SortKeys<K>,
  sort: ListSort<K> | undefined,
): Promise<Page<T>> {
  if (sort === undefined) return pageOf<T>(db, table, workspaceId, where, page)
  return sortedPageOf<T>(db, table, workspaceId, where, page, { ...keys[sort.key], descending: sort.descending })
}
