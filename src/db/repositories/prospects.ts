// Prospect rows and their stakeholders.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'
import { prospects, stakeholders } from '../schema.js'
import { pageOf, type Page, type PageQuery } from './page.js'

export type ProspectRow = typeof prospects.$inferSelect
export type NewProspect = typeof prospects.$inferInsert
export type ProspectChanges = Partial<Omit<NewProspect, 'id' | 'workspaceId' | 'leadId' | 'createdAt' | 'version'>>
export type StakeholderRow = typeof stakeholders.$inferSelect
export type NewStakeholder = typeof stakeholders.$inferInsert

export async function insertProspect(db: Db, row: NewProspect): Promise<ProspectRow> {
  const [inserted] = await db.insert(prospects).values(row).returning()
  return inserted!
}

export async function findProspect(
  db: Db,
  workspaceId: string,
  id: string,
  lock = false,
): Promise<ProspectRow | undefined> {
  const query = db
    .select()
    .from(prospects)
    .where(and(eq(prospects.workspaceId, workspaceId), eq(prospects.id, id)))
  const [row] = lock ? await query.for('update') : await query
  return row
}

export async function findProspectOfLead(
  db: Db,
  workspaceId: string,
  leadId: string,
  lock = false,
): Promise<ProspectRow | undefined> {
  const query = db
    .select()
    .from(prospects)
    .where(and(eq(prospects.workspaceId, workspaceId), eq(prospects.leadId, leadId)))
  const [row] = lock ? await query.for('update') : await query
  return row
}

export async function updateProspect(
  db: Db,
  workspaceId: string,
  id: string,
  changes: ProspectChanges,
): Promise<ProspectRow> {
  const [row] = await db
    .update(prospects)
    .set({ ...changes, version: sql`${prospects.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(prospects.workspaceId, workspaceId), eq(prospects.id, id)))
    .returning()
  return row!
}

export function listProspects(
  db: Db,
  workspaceId: string,
  filter: { status?: string | undefined; leadId?: string | undefined },
  page: PageQuery,
): Promise<Page<ProspectRow>> {
  const where: SQL[] = [
    ...(filter.status === undefined ? [] : [eq(prospects.status, filter.status)]),
    ...(filter.leadId === undefined ? [] : [eq(prospects.leadId, filter.leadId)]),
  ]
  return pageOf<ProspectRow>(db, prospects, workspaceId, where, page)
}

export async function insertStakeholder(db: Db, row: NewStakeholder): Promise<StakeholderRow> {
  const [inserted] = await db.insert(stakeholders).values(row).returning()
  return inserted!
}

export async function listStakeholders(db: Db, workspaceId: string, prospectId: string): Promise<StakeholderRow[]> {
  return db
    .select()
    .from(stakeholders)
    .where(and(eq(stakeholders.workspaceId, workspaceId), eq(stakeholders.prospectId, prospectId)))
    .orderBy(asc(stakeholders.createdAt), asc(stakeholders.id))
}

export async function deleteStakeholder(db: Db, workspaceId: string, prospectId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(stakeholders)
    .where(
      and(eq(stakeholders.workspaceId, workspaceId), eq(stakeholders.prospectId, prospectId), eq(stakeholders.id, id)),
    )
    .returning({ id: stakeholders.id })
  return deleted.length === 1
}
