// Opportunity rows.
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Db } from '../client.js'
import { leads, opportunities, prospects } from '../schema.js'
import { listPage, type ListSort, type Page, type PageQuery, type SortKeys } from './page.js'
import { leadColumn, stalledCondition } from './stalled.js'

export type OpportunityRow = typeof opportunities.$inferSelect
export type NewOpportunity = typeof opportunities.$inferInsert
export type OpportunityChanges = Partial<
  Omit<NewOpportunity, 'id' | 'workspaceId' | 'prospectId' | 'createdAt' | 'version'>
>

export async function insertOpportunity(db: Db, row: NewOpportunity, now: Date): Promise<OpportunityRow> {
  const [inserted] = await db
    .insert(opportunities)
    .values({ ...row, createdAt: now, updatedAt: now })
    .returning()
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
  now: Date,
): Promise<OpportunityRow> {
  const [row] = await db
    .update(opportunities)
    .set({ ...changes, version: sql`${opportunities.version} + 1`, updatedAt: now })
    .where(and(eq(opportunities.workspaceId, workspaceId), eq(opportunities.id, id)))
    .returning()
  return row!
}

export interface OpportunityFilter {
  stage?: string | undefined
  prospectId?: string | undefined
  owner?: string | undefined
  currency?: string | undefined
  expectedCloseAfter?: string | undefined
  expectedCloseBefore?: string | undefined
  stalledSince?: Date | undefined
}

// Owner and activity belong to the lead behind the opportunity's prospect.
const leadId = sql`(select ${prospects.leadId} from ${prospects} where ${prospects.workspaceId} = ${opportunities.workspaceId}
  and ${prospects.id} = ${opportunities.prospectId})`
const ofLead = (column: PgColumn) => leadColumn(column, opportunities.workspaceId, leadId)

// No expected close date sorts as the earliest, as no activity does for leads.
const SORT_KEYS = {
  created_at: { key: sql`${opportunities.createdAt}`, type: 'timestamptz' },
  updated_at: { key: sql`${opportunities.updatedAt}`, type: 'timestamptz' },
  amount: { key: sql`${opportunities.amount}`, type: 'numeric' },
  expected_close_date: { key: sql`coalesce(${opportunities.expectedCloseDate}, '-infinity'::date)`, type: 'date' },
} satisfies SortKeys<string>
export type OpportunitySortKey = keyof typeof SORT_KEYS

function opportunityConditions(f: OpportunityFilter): SQL[] {
  const conditions: (SQL | undefined)[] = [
    f.stage === undefined ? undefined : eq(opportunities.stage, f.stage),
    f.prospectId === undefined ? undefined : eq(opportunities.prospectId, f.prospectId),
    f.owner === undefined ? undefined : sql`${ofLead(leads.owner)} = ${f.owner}`,
    f.currency === undefined ? undefined : eq(opportunities.currency, f.currency),
    f.expectedCloseAfter === undefined ? undefined : gte(opportunities.expectedCloseDate, f.expectedCloseAfter),
    f.expectedCloseBefore === undefined ? undefined : lt(opportunities.expectedCloseDate, f.expectedCloseBefore),
    f.stalledSince === undefined
      ? undefined
      : stalledCondition('opportunity', opportunities, f.stalledSince, ofLead(leads.lastActivityAt)),
  ]
  return conditions.filter((c): c is SQL => c !== undefined)
}

export function listOpportunities(
  db: Db,
  workspaceId: string,
  filter: OpportunityFilter,
  page: PageQuery,
  sort?: ListSort<OpportunitySortKey>,
): Promise<Page<OpportunityRow>> {
  const where = opportunityConditions(filter)
  return listPage<OpportunityRow, OpportunitySortKey>(db, opportunities, workspaceId, where, page, SORT_KEYS, sort)
}
