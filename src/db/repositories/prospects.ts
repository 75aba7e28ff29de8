// Prospect rows and their stakeholders.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Db } from '../client.js'
import { leads, prospects, stakeholders } from '../schema.js'
import { listPage, type ListSort, type Page, type PageQuery, type SortKeys } from './page.js'
import { leadColumn, stalledCondition } from './stalled.js'

export type ProspectRow = typeof prospects.$inferSelect
export type NewProspect = typeof prospects.$inferInsert
export type ProspectChanges = Partial<Omit<NewProspect, 'id' | 'workspaceId' | 'leadId' | 'createdAt' | 'version'>>
export type StakeholderRow = typeof stakeholders.$inferSelect
export type NewStakeholder = typeof stakeholders.$inferInsert

export async function insertProspect(db: Db, row: NewProspect, now: Date): Promise<ProspectRow> {
  const [inserted] = await db
    .insert(prospects)
    .values({ ...row, createdAt: now, updatedAt: now })
    .returning()
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
  now: Date,
): Promise<ProspectRow> {
  const [row] = await db
    .update(prospects)
    .set({ ...changes, version: sql`${prospects.version} + 1`, updatedAt: now })
    .where(and(eq(prospects.workspaceId, workspaceId), eq(prospects.id, id)))
    .returning()
  return row!
}

export interface ProspectFilter {
  status?: string | undefined
  leadId?: string | undefined
  owner?: string | undefined
  overridden?: boolean | undefined
  stalledSince?: Date | undefined
}

const ofLead = (column: PgColumn) => leadColumn(column, prospects.workspaceId, prospects.leadId)

const SORT_KEYS = {
  created_at: { key: sql`${prospects.createdAt}`, type: 'timestamptz' },
  updated_at: { key: sql`${prospects.updatedAt}`, type: 'timestamptz' },
} satisfies SortKeys<string>
export type ProspectSortKey = keyof typeof SORT_KEYS

function prospectConditions(f: ProspectFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [
    f.status === undefined ? undefined : eq(prospects.status, f.status),
    f.leadId === undefined ? undefined : eq(prospects.leadId, f.leadId),
    f.owner === undefined ? undefined : sql`${ofLead(leads.owner)} = ${f.owner}`,
    f.overridden === undefined ? undefined : eq(prospects.overridden, f.overridden),
    f.stalledSince === undefined
      ? undefined
      : stalledCondition('prospect', prospects, f.stalledSince, ofLead(leads.lastActivityAt)),
  ]
  return conditions.filter((c): c is SQL => c !== undefined)
}

export function listProspects(
  db: Db,
  workspaceId: string,
  filter: ProspectFilter,
  page: PageQuery,
  sort?: ListSort<ProspectSortKey>,
): Promise<Page<ProspectRow>> {
  const where = prospectConditions(filter)
  return listPage<ProspectRow, ProspectSortKey>(db, prospects, workspaceId, where, page, SORT_KEYS, sort)
}

export async function insertStakeholder(db: Db, row: NewStakeholder, now: Date): Promise<StakeholderRow> {
  const [inserted] = await db
    .insert(stakeholders)
    .values({ ...row, createdAt: now })
    .returning()
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
