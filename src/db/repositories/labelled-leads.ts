// The workspace's own leads with what their lifecycle says about how they ended, page by page in creation order.
import { and, asc, eq, gt, inArray, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { activities, leads, opportunities, prospects } from '../schema.js'
import type { ActivityRow, LeadRow } from './leads.js'

export interface LifecycleOutcome {
  lead: LeadRow
  /** Some opportunity of the lead's prospect was won / lost. */
  won: boolean
  lostOpportunity: boolean
  prospectStatus: string | null
}

const stageExists = (stage: string) => sql<boolean>`exists (
  select 1 from ${prospects} p join ${opportunities} o on o.workspace_id = p.workspace_id and o.prospect_id = p.id
  where p.workspace_id = ${leads.workspaceId} and p.lead_id = ${leads.id} and o.stage = ${stage})`

export async function leadOutcomePage(
  db: Db,
  workspaceId: string,
  after: { createdAt: Date; id: string } | undefined,
  limit: number,
): Promise<LifecycleOutcome[]> {
  const rows = await db
    .select({
      lead: leads,
      won: stageExists('closed_won'),
      lostOpportunity: stageExists('closed_lost'),
      prospectStatus: prospects.status,
    })
    .from(leads)
    .leftJoin(prospects, and(eq(prospects.workspaceId, leads.workspaceId), eq(prospects.leadId, leads.id)))
    .where(
      and(
        eq(leads.workspaceId, workspaceId),
        after === undefined
          ? undefined
          : or(gt(leads.createdAt, after.createdAt), and(eq(leads.createdAt, after.createdAt), gt(leads.id, after.id))),
      ),
    )
    .orderBy(asc(leads.createdAt), asc(leads.id))
    .limit(limit)
  return rows
}

/** The activities of these leads that happened by the time each lead was created, newest first, per lead. */
export async function activitiesAtCreation(db: Db, workspaceId: string, leadIds: string[]): Promise<ActivityRow[]> {
  if (leadIds.length === 0) return []
  const rows = await db
    .select({ activity: activities })
    .from(activities)
    .innerJoin(leads, and(eq(leads.workspaceId, activities.workspaceId), eq(leads.id, activities.leadId)))
    .where(
      and(
        eq(activities.workspaceId, workspaceId),
        inArray(activities.leadId, leadIds),
        lte(activities.occurredAt, leads.createdAt),
      ),
    )
  return rows.map((r) => r.activity)
}
