// What a rescoring job reads and writes: open leads in id order, a chunk at a time, their recent activities, and
// their new scores with their history and events in one statement.
import { and, eq, getTableColumns, inArray, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'
import { activities, events, leads, leadScores } from '../schema.js'
import { nextEventNumber } from './ledger.js'
import { enqueueDeliveries } from './webhooks.js'
import { iso, type LeadChanges, type LeadRow } from './leads.js'
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

/** A lead as rescoring reads it: every column but the times it does not score with. */
export type RescoredLead = Omit<LeadRow, 'createdAt' | 'updatedAt' | 'lastActivityAt'>

const rescoredColumns = Object.entries(getTableColumns(leads)).filter(
  ([key]) => key !== 'createdAt' && key !== 'updatedAt' && key !== 'lastActivityAt',
)
// Each column under its key, so the driver's rows are the leads as scoring reads them without a second mapping.
const rescoredSelect = sql.join(
  rescoredColumns.map(([key, column]) => sql`${sql.identifier(column.name)} as ${sql.identifier(key)}`),
  sql`, `,
)

/**
 * The next `limit` open leads after `afterId` in id order, locked until the transaction ends. Read as the driver's
 * rows: Drizzle's mapping of 500 rows of 30 columns cost this process more than the query cost the database.
 */
export async function lockOpenLeadsAfter(
  db: Db,
  workspaceId: string,
  afterId: string | null,
  limit: number,
): Promise<RescoredLead[]> {
  const after = afterId === null ? sql`` : sql`and id > ${afterId}`
  const rows = await rowsOf<RescoredLead>(
    db,
    sql`select ${rescoredSelect} from ${leads} where workspace_id = ${workspaceId}
      and ${inArray(leads.status, OPEN_LEAD_STATUSES)} ${after} order by id limit ${limit} for update`,
  )
  // Both drivers hand times over as text here (as Drizzle sets them up); the one scoring reads becomes a Date.
  for (const row of rows) if (typeof row.scoredAt === 'string') row.scoredAt = new Date(row.scoredAt)
  return rows
}

export interface RecentActivity {
  lead_id: string
  type: string
  direction: string
  /** As toISOString writes it: the engine's own format for instants. */
  occurred_at: string
}

/** The newest `limit` activities of each lead, newest first per lead. */
export function recentActivitiesOf(db: Db, workspaceId: string, leadIds: string[], limit: number) {
  if (leadIds.length === 0) return Promise.resolve([])
  // The database writes each instant as the engine reads it: a Date made from the driver's text and written again
  // cost this process more (about 3 us an activity) than to_char costs the database.
  return rowsOf<RecentActivity>(
    db,
    sql`select lead_id, type, direction, ${iso('occurred_at', 'ranked')} as occurred_at from (
      select ${activities.leadId} as lead_id, ${activities.type} as type, ${activities.direction} as direction,
        ${activities.occurredAt} as occurred_at,
        row_number() over (partition by ${activities.leadId} order by ${activities.occurredAt} desc, ${activities.id} desc) as n
      from ${activities}
      where ${activities.workspaceId} = ${workspaceId} and ${inArray(activities.leadId, leadIds)}) ranked
    where n <= ${limit} order by ranked.lead_id, ranked.occurred_at desc`,
  )
}

/**
 * A lead's new score columns; `changed`: its stored score differs (a new version, and a history row with id
 * `historyId`), `previousTotal`: the one before. `event`: announce the move as lead.score_changed, with this event id
 * and the score the lead had.
 */
export type ScoreWrite = {
  id: string
  changed: boolean
  historyId: string | null
  previousTotal: number | null
  event: { id: string; previousScore: unknown } | null
} & Required<
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

type LeadColumn = keyof typeof leads.$inferSelect

/** A lead as the API shows it, built from the row `s`: which API field each column is, and the fields it always has. */
export interface LeadViewShape {
  /** Fields shown only when they have a value (neither SQL NULL nor JSON null). */
  present: readonly (readonly [field: string, column: LeadColumn])[]
}

/**
 * The lead.score_changed payload of the updated row `s` (the lead as the API shows it, as leadView builds it) with
 * the score it had before, `w."previousScore"`. The database builds it from the row it has just written, so the lead's
 * columns are not sent back to it as JSON.
 */
function scoreChangedPayload(shape: LeadViewShape): SQL {
  const col = (key: LeadColumn) => sql`s.${sql.identifier(leads[key].name)}`
  const absent = (key: LeadColumn) =>
    leads[key].getSQLType() === 'jsonb'
      ? sql`(${col(key)} is null or jsonb_typeof(${col(key)}) = 'null')`
      : sql`${col(key)} is null`
  const present = shape.present.map(([field, key]) => sql`${field}::text, ${col(key)}`)
  const missing = shape.present.map(([field, key]) => sql`case when ${absent(key)} then ${field}::text end`)
  return sql`jsonb_build_object('id', s.id, ${sql.join(present, sql`, `)}, 'status', s.status,
    'score', case when s.score_total is null or s.scored_at is null then null else jsonb_build_object(
      'total', s.score_total, 'grade', s.score_grade, 'decision', s.score_decision, 'rubric_id', s.score_rubric_id,
      'rubric_version', s.score_rubric_version, 'evaluated_at', ${iso('scored_at', 's')}) end,
    'last_activity_at', ${iso('last_activity_at', 's')}, 'version', s.version, 'created_at', ${iso('created_at', 's')},
    'updated_at', ${iso('updated_at', 's')}, 'previous_score', w."previousScore")
    - array_remove(array[${sql.join(missing, sql`, `)},
      case when s.last_activity_at is null then 'last_activity_at' end], null)`
}

/**
 * One statement for the chunk: the leads' new scores; the history rows of those whose score changed, taken from the
 * same values (the rows are locked, so `previousTotal` is what they held); and the lead.score_changed events of the
 * moves to announce, built from the rows as written, numbered in id order, with their webhook deliveries (as
 * appendEvents queues them). It tells the history trigger that it wrote the history (migration 0023), which spares the
 * trigger's copy of every old and new row. A changed score bumps the version (the ETag); a refreshed engagement does
 * not.
 */
export async function writeScores(
  db: Db,
  workspaceId: string,
  writes: ScoreWrite[],
  view: LeadViewShape,
  now: Date,
): Promise<void> {
  if (writes.length === 0) return
  // One array per lead, its values in the order `w` reads them: half the text of objects with their keys.
  const json = JSON.stringify(
    writes.map((w) => [
      w.id,
      w.changed,
      w.previousTotal,
      w.scoreTotal,
      w.scoreGrade,
      w.scoreDecision,
      w.scoreRubricId,
      w.scoreRubricVersion,
      w.scoredAt?.toISOString() ?? null,
      w.engagementPoints,
      w.engagementHalfLifeDays,
      w.historyId,
      w.event?.id ?? null,
      w.event?.previousScore ?? null,
    ]),
  )
  await db.execute(sql`
    with written as materialized (select set_config('qualify.lead_scores_written', 'on', true) as flag),
    w as materialized (
      select (r->>0)::uuid as id, (r->>1)::boolean as changed, (r->>2)::real as "previousTotal",
        (r->>3)::real as "scoreTotal", r->>4 as "scoreGrade", r->>5 as "scoreDecision", (r->>6)::uuid as "scoreRubricId",
        (r->>7)::int as "scoreRubricVersion", (r->>8)::timestamptz as "scoredAt", (r->>9)::real as "engagementPoints",
        (r->>10)::real as "engagementHalfLifeDays", (r->>11)::uuid as "historyId", (r->>12)::uuid as "eventId",
        r->13 as "previousScore"
      from jsonb_array_elements(${json}::jsonb) as r
    ), scored as (
      update ${leads} as l set
        score_total = w."scoreTotal", score_grade = w."scoreGrade", score_decision = w."scoreDecision",
        score_rubric_id = w."scoreRubricId", score_rubric_version = w."scoreRubricVersion", scored_at = w."scoredAt",
        engagement_points = w."engagementPoints", engagement_half_life_days = w."engagementHalfLifeDays",
        version = case when w.changed then l.version + 1 else l.version end,
        updated_at = case when w.changed then w."scoredAt" else l.updated_at end
      from w where l.workspace_id = ${workspaceId} and l.id = w.id and (select flag from written) = 'on'
      returning l.*
    ), ev as (
      insert into ${events} (id, workspace_id, seq, type, entity_type, entity_id, payload, occurred_at)
      select w."eventId", ${workspaceId}, ${nextEventNumber}, 'lead.score_changed', 'lead', s.id,
        ${scoreChangedPayload(view)}, ${now.toISOString()}::timestamptz
      from scored s join w on w.id = s.id where w."eventId" is not null
      order by s.id
      returning id, workspace_id, seq, type, entity_id
    ), dl as (${enqueueDeliveries(sql.raw('ev'))})
    insert into ${leadScores} (id, workspace_id, lead_id, total, grade, decision, rubric_id, rubric_version,
      previous_total, evaluated_at, created_at)
    select w."historyId", ${workspaceId}, w.id, w."scoreTotal", w."scoreGrade", w."scoreDecision", w."scoreRubricId",
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
