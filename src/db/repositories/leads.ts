// Lead rows and their activities.
import { and, desc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'
import { prepared } from '../prepared.js'
import { activities, leads } from '../schema.js'
import { pageOf, type Page, type PageQuery } from './page.js'

export type LeadRow = typeof leads.$inferSelect
export type NewLead = typeof leads.$inferInsert
export type LeadChanges = Partial<Omit<NewLead, 'id' | 'workspaceId' | 'createdAt' | 'version'>>
export type ActivityRow = typeof activities.$inferSelect
export type NewActivity = typeof activities.$inferInsert

/** Inserts the lead, or returns undefined when its email is already taken in the workspace. */
export async function insertLeadIfNew(db: Db, row: NewLead): Promise<LeadRow | undefined> {
  const [inserted] = await db.insert(leads).values(row).onConflictDoNothing().returning()
  return inserted
}

const leadById = (db: Db) =>
  db
    .select()
    .from(leads)
    .where(and(eq(leads.workspaceId, sql.placeholder('workspaceId')), eq(leads.id, sql.placeholder('id'))))
    .prepare('lead_by_id')

/** With `lock`, the row stays locked until the transaction ends: concurrent changes to one lead serialise here. */
export async function findLead(db: Db, workspaceId: string, id: string, lock = false): Promise<LeadRow | undefined> {
  if (!lock) return (await prepared(db, leadById).execute({ workspaceId, id }))[0]
  const query = db
    .select()
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, id)))
  const [row] = await query.for('update')
  return row
}

export async function findLeadByEmail(
  db: Db,
  workspaceId: string,
  email: string,
  lock = false,
): Promise<LeadRow | undefined> {
  const query = db
    .select()
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), sql`lower(${leads.email}) = lower(${email})`))
  const [row] = lock ? await query.for('update') : await query
  return row
}

/** Applies changes and bumps the version (the ETag). */
export async function updateLead(db: Db, workspaceId: string, id: string, changes: LeadChanges): Promise<LeadRow> {
  const [row] = await db
    .update(leads)
    .set({ ...changes, version: sql`${leads.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, id)))
    .returning()
  return row!
}

export async function deleteLead(db: Db, workspaceId: string, id: string): Promise<void> {
  await db.delete(leads).where(and(eq(leads.workspaceId, workspaceId), eq(leads.id, id)))
}

export interface LeadFilter {
  status?: string | undefined
  source?: string | undefined
  grade?: string | undefined
  scoreMin?: number | undefined
  scoreMax?: number | undefined
  owner?: string | undefined
  email?: string | undefined
  createdSince?: string | undefined
  updatedSince?: string | undefined
}

function leadConditions(f: LeadFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [
    f.status === undefined ? undefined : eq(leads.status, f.status),
    f.source === undefined ? undefined : eq(leads.source, f.source),
    f.grade === undefined ? undefined : eq(leads.scoreGrade, f.grade),
    // Compared as double precision: a bound like 2e-323 is a valid number but out of range for the real column.
    f.scoreMin === undefined ? undefined : sql`${leads.scoreTotal} >= ${f.scoreMin}::double precision`,
    f.scoreMax === undefined ? undefined : sql`${leads.scoreTotal} <= ${f.scoreMax}::double precision`,
    f.owner === undefined ? undefined : eq(leads.owner, f.owner),
    f.email === undefined ? undefined : sql`lower(${leads.email}) = lower(${f.email})`,
    f.createdSince === undefined ? undefined : gte(leads.createdAt, new Date(f.createdSince)),
    f.updatedSince === undefined ? undefined : gte(leads.updatedAt, new Date(f.updatedSince)),
  ]
  return conditions.filter((c): c is SQL => c !== undefined)
}

export function listLeads(db: Db, workspaceId: string, filter: LeadFilter, page: PageQuery): Promise<Page<LeadRow>> {
  return pageOf<LeadRow>(db, leads, workspaceId, leadConditions(filter), page)
}

/** The attribute keys the leads matching the filter use, sorted. */
export async function listAttributeKeys(db: Db, workspaceId: string, filter: LeadFilter): Promise<string[]> {
  const key = sql<string>`jsonb_object_keys(${leads.attributes})`
  const rows = await db
    .selectDistinct({ key })
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), ...leadConditions(filter)))
    .orderBy(key)
  return rows.map((r) => r.key)
}

export async function insertActivity(db: Db, row: NewActivity): Promise<ActivityRow> {
  const [inserted] = await db.insert(activities).values(row).returning()
  return inserted!
}

/** The newest activities of a lead, at most `limit`. */
export async function listRecentActivities(
  db: Db,
  workspaceId: string,
  leadId: string,
  limit: number,
): Promise<ActivityRow[]> {
  return db
    .select()
    .from(activities)
    .where(and(eq(activities.workspaceId, workspaceId), eq(activities.leadId, leadId)))
    .orderBy(desc(activities.occurredAt), desc(activities.id))
    .limit(limit)
}

export function listActivities(
  db: Db,
  workspaceId: string,
  leadId: string,
  page: PageQuery,
): Promise<Page<ActivityRow>> {
  return pageOf<ActivityRow>(db, activities, workspaceId, [eq(activities.leadId, leadId)], page)
}

/** One multi-row insert; the rows come back in the order given. */
export async function insertActivities(db: Db, rows: NewActivity[]): Promise<ActivityRow[]> {
  if (rows.length === 0) return []
  return db.insert(activities).values(rows).returning()
}

/** The activities of these leads that occurred at one of these instants: the ones an import must not record twice. */
export async function findActivitiesAt(
  db: Db,
  workspaceId: string,
  leadIds: readonly string[],
  instants: readonly Date[],
): Promise<ActivityRow[]> {
  if (leadIds.length === 0 || instants.length === 0) return []
  return db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.workspaceId, workspaceId),
        inArray(activities.leadId, [...leadIds]),
        inArray(activities.occurredAt, [...instants]),
      ),
    )
}
