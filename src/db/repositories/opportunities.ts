// Opportunity rows.
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'
import { opportunities } from '../schema.js'
import { pageOf, type Page, type PageQuery } from './page.js'

export type OpportunityRow = typeof opportunities.$inferSelect
export type NewOpportunity = typeof opportunities.$inferInsert
export type OpportunityChanges = Partial<
  Omit<NewOpportunity, 'id' | 'workspaceId' | 'prospectId' | 'createdAt' | 'version'>
>

export async function insertOpportunity(db: Db, row: NewOpportunity): Promise<OpportunityRow> {
  const [inserted] = await db.insert(opportunities).values(row).returning()
  return inserted!
}

export async function findOpportunity(
  db: Db,
  workspaceId: string,
  id: string,
  lock = false,
): Promise<OpportunityRow | undefined> {
  const query = db
    .select()
    .from(opportunities)
    .where(and(eq(opportunities.workspaceId, workspaceId), eq(opportunities.id, id)))
  const [row] = lock ? await query.for('update') : await query
  return row
}

export async function updateOpportunity(
  db: Db,
  workspaceId: string,
  id: string,
  changes: OpportunityChanges,
): Promise<OpportunityRow> {
  const [row] = await db
    .update(opportunities)
    .set({ ...changes, version: sql`${opportunities.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(opportunities.workspaceId, workspaceId), eq(opportunities.id, id)))
    .returning()
  return row!
}

export function listOpportunities(
  db: Db,
  workspaceId: string,
  filter: { stage?: string | undefined; prospectId?: string | undefined },
  page: PageQuery,
): Promise<Page<OpportunityRow>> {
  const where: SQL[] = [
    ...(filter.stage === undefined ? [] : [eq(opportunities.stage, filter.stage)]),
    ...(filter.prospectId === undefined ? [] : [eq(opportunities.prospectId, filter.prospectId)]),
  ]
  return pageOf<OpportunityRow>(db, opportunities, workspaceId, where, page)
}
