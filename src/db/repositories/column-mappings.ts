// Column mapping rows: stored once, read by id when an import or a dataset names them.
import { and, desc, eq } from 'drizzle-orm'
import type { Db } from '../client.js'
import { columnMappings } from '../schema.js'

export type ColumnMappingRow = typeof columnMappings.$inferSelect
export type NewColumnMapping = typeof columnMappings.$inferInsert

export async function insertColumnMapping(db: Db, row: NewColumnMapping, now: Date): Promise<ColumnMappingRow> {
  const [inserted] = await db
    .insert(columnMappings)
    .values({ ...row, createdAt: now })
    .returning()
  return inserted!
}

export async function findColumnMapping(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<ColumnMappingRow | undefined> {
  const [row] = await db
    .select()
    .from(columnMappings)
    .where(and(eq(columnMappings.workspaceId, workspaceId), eq(columnMappings.id, id)))
  return row
}

/** A workspace keeps a handful of mappings; the list is bounded so it needs no pages. */
export async function listColumnMappings(db: Db, workspaceId: string, limit: number): Promise<ColumnMappingRow[]> {
  return db
    .select()
    .from(columnMappings)
    .where(eq(columnMappings.workspaceId, workspaceId))
    .orderBy(desc(columnMappings.createdAt), desc(columnMappings.id))
    .limit(limit)
}
