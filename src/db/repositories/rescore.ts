// What a rescoring job reads and writes: open leads in id order, a chunk at a time, their recent activities, and
// their new scores in one statement.
import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { activities, leads, leadScores } from '../schema.js'
import type { LeadChanges } from './leads.js'
import { pageOf, type Page, type PageQuery } from './page.js'
import { rowsOf } from './reports.js'

/** The statuses whose score still decides something: the lead is not yet qualified or disqualified. */
export const OPEN_LEAD_STATUSES = ['new', 'working', 'nurturing']

export async function countOpenLeads(db: Db, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(leads)
    .where(and(eq(leads.workspaceId, workspaceId), inArray(leads.status, OPEN_LEAD_STATUSES)))
  return row?.n ?? 0
}

/** The next `limit` open leads after `afterId` in id order, locked until the transaction ends. */
export function lockOpenLeadsAfter(db: Db, workspaceId: string, afterId: string | null, limit: number) {
  return db
    .select()
    .from(leads)
    .where(
      and(
        eq(leads.workspaceId, workspaceId),
        inArray(leads.status, OPEN_LEAD_STATUSES),
        ...(afterId === null ? [] : [gt(leads.id, afterId)]),
      ),
    )
    .orderBy(asc(leads.id))
    .limit(limit)
    .for('update')
}

export interface RecentActivity {
  lead_id: string
  type: string
  direction: string
  occurred_at: Date | string
}

/** The newest `limit` activities of each lead, newest first per lead. */
export function recentActivitiesOf(db: Db, workspaceId: string, leadIds: string[], limit: number) {
  if (leadIds.length === 0) return Promise.resolve([])
  return rowsOf<RecentActivity>(
    db,
    sql`select lead_id, type, direction, occurred_at from (
      select ${activities.leadId} as lead_id, ${activities.type} as type, ${activities.direction} as direction,
        ${activities.occurredAt} as occurred_at,
        row_number() over (partition by ${activities.leadId} order by ${activities.occurredAt} desc, ${activities.id} desc) as n
      from ${activities}
      where ${activities.workspaceId} = ${workspaceId} and ${inArray(activities.leadId, leadIds)}) ranked
    where n <= ${limit} order by lead_id, occurred_at desc`,
  )
}

/** A lead's new score columns; `changed`: its stored score differs (a new version), `previousTotal`: the one before. */
export type ScoreWrite = { id: string; changed: boolean; previousTotal: number | null } & Required<
  Pick<
    LeadChanges,
    | 'scoreTotal'
    | 'scoreGrade'
    | 'scoreDecision'
    | 'scoreRubricId'
    | 'scoreRubricVersion'
    | 'scoredAt'
    | 'engagementPoints'
    | 'engagementHalfLifeDays'
  >
>

/**
 * One statement for the chunk: the leads' new scores, and the history rows of those whose score changed, taken from
 * the same values (the rows are locked, so `previousTotal` is what they held). It tells the history trigger that it
 * wrote them (migration 0023), which spares the trigger's copy of every old and new row. A changed score bumps the
 * version (the ETag); a refreshed engagement does not.
 */
export async function writeScores(db: Db, workspaceId: string, writes: ScoreWrite[]): Promise<void> {
  if (writes.length === 0) return
  const json = JSON.stringify(writes.map((w) => ({ ...w, scoredAt: w.scoredAt?.toISOString() })))
  await db.execute(sql`
    with written as materialized (select set_config('qualify.lead_scores_written', 'on', true) as flag),
    w as materialized (
      select * from jsonb_to_recordset(${json}::jsonb) as w(id uuid, changed boolean, "previousTotal" real,
        "scoreTotal" real, "scoreGrade" text, "scoreDecision" text, "scoreRubricId" uuid, "scoreRubricVersion" int,
        "scoredAt" timestamptz, "engagementPoints" real, "engagementHalfLifeDays" real)
    ), scored as (
      update ${leads} as l set
        score_total = w."scoreTotal", score_grade = w."scoreGrade", score_decision = w."scoreDecision",
        score_rubric_id = w."scoreRubricId", score_rubric_version = w."scoreRubricVersion", scored_at = w."scoredAt",
        engagement_points = w."engagementPoints", engagement_half_life_days = w."engagementHalfLifeDays",
        version = case when w.changed then l.version + 1 else l.version end,
        updated_at = case when w.changed then w."scoredAt" else l.updated_at end
      from w where l.workspace_id = ${workspaceId} and l.id = w.id and (select flag from written) = 'on'
      returning l.id
    )
    insert into ${leadScores} (workspace_id, lead_id, total, grade, decision, rubric_id, rubric_version,
      previous_total, evaluated_at, created_at)
    select ${workspaceId}, w.id, w."scoreTotal", w."scoreGrade", w."scoreDecision", w."scoreRubricId",
      w."scoreRubricVersion", w."previousTotal", w."scoredAt", clock_timestamp()
    from w join scored on scored.id = w.id where w.changed`)
}

export type LeadScoreRow = typeof leadScores.$inferSelect

export function listLeadScores(
  db: Db,
  workspaceId: string,
  leadId: string,
  page: PageQuery,
): Promise<Page<LeadScoreRow>> {
  return pageOf<LeadScoreRow>(db, leadScores, workspaceId, [eq(leadScores.leadId, leadId)], page)
}
