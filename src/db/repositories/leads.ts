// Lead rows and their activities.
import { and, desc, eq, getTableColumns, gte, inArray, lte, sql, type SQL } from 'drizzle-orm'
import { PgDialect, type PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../client.js'
import { orderedId } from '../ordered-id.js'
import { isAnyId } from '../any-id.js'
import { directSelect } from '../direct.js'
import { prepared } from '../prepared.js'
import { activities, leads, transitions } from '../schema.js'
import { insertJsonRows, nullRow } from './json-rows.js'
import { rowsOf } from './reports.js'
import { changeSteps, type NewTransition } from './ledger.js'
import { listPage, pageOf, type ListSort, type Page, type PageQuery, type SortKeys } from './page.js'
import { stalledCondition } from './stalled.js'

export type LeadRow = typeof leads.$inferSelect
export type NewLead = typeof leads.$inferInsert
export type LeadChanges = Partial<Omit<NewLead, 'id' | 'workspaceId' | 'createdAt' | 'version'>>
export type ActivityRow = typeof activities.$inferSelect
export type NewActivity = typeof activities.$inferInsert

/** Inserts the lead, or returns undefined when its email is already taken in the workspace. */
export async function insertLeadIfNew(db: Db, row: NewLead, now: Date): Promise<LeadRow | undefined> {
  const [inserted] = await db
    .insert(leads)
    .values({ ...row, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning()
  return inserted
}

// The columns a created lead and its ledger row are given: those without a default, but the ones filled otherwise
// (a trigger, the inserted lead), and `override` and `imported`, which every ledger row states.
const givenColumns = (table: PgTable, skipped: readonly string[], also: readonly string[] = []) =>
  Object.entries(getTableColumns(table)).filter(
    ([key, column]) => also.includes(key) || (!column.hasDefault && !skipped.includes(key)),
  )
// The ids (ordered, as every app-made id), the initial status and the times (the caller's clock) are given too.
export const LEAD_COLUMNS = givenColumns(leads, ['lastActivityAt'], ['id', 'status', 'createdAt', 'updatedAt'])
export const TRANSITION_COLUMNS = givenColumns(
  transitions,
  ['entityId', 'toState'],
  ['id', 'override', 'imported', 'occurredAt'],
)

const placeholdersFor = (columns: typeof LEAD_COLUMNS, prefix: string) =>
  Object.fromEntries(columns.map(([key]) => [key, sql.placeholder(`${prefix}${key}`)]))

/**
 * The placeholders' values, encoded as their columns store them (a placeholder bound to a column would encode null
 * too, as JSON null). A value for a column the statement does not set is refused rather than dropped.
 */
function encoded(columns: typeof LEAD_COLUMNS, prefix: string, values: Record<string, unknown>) {
  const unset = Object.keys(values).filter(
    (key) => values[key] !== undefined && !columns.some(([given]) => given === key),
  )
  if (unset.length > 0) throw new Error(`insertLeadRecorded does not set ${unset.join(', ')}`)
  return Object.fromEntries(
    columns.map(([key, column]) => {
      const value = values[key]
      return [`${prefix}${key}`, value === null || value === undefined ? null : column.mapToDriverValue(value)]
    }),
  )
}

export const iso = (column: string, alias = 'l') =>
  sql`to_char(${sql.identifier(alias)}.${sql.identifier(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

// Built once and run as a named prepared statement: the statement is long (four inserts), and sending, parsing and
// planning its text on every create cost more than running it.
const leadCreated = (db: Db) => {
  // Raw placeholders in VALUES: their type is the column's, and drizzle leaves them unencoded.
  const columns = Object.fromEntries(
    Object.entries(placeholdersFor(LEAD_COLUMNS, 'lead.')).map(([key, p]) => [key, sql`${p}`]),
  )
  const inserted = db
    .insert(leads)
    .values({ ...columns, workspaceId: columns.workspaceId!, email: columns.email! })
    .onConflictDoNothing()
    .returning()
  const payload = sql`${sql.placeholder('view')}::jsonb || jsonb_build_object(
    'id', l.id, 'status', l.status, 'version', l.version, 'created_at', ${iso('created_at')},
    'updated_at', ${iso('updated_at')})`
  const steps = changeSteps(
    sql`l.workspace_id`,
    {
      type: 'lead.created',
      entityType: 'lead',
      entityId: sql`l.id`,
      payload,
      occurredAt: sql`${sql.placeholder('at')}::timestamptz`,
    },
    { ...placeholdersFor(TRANSITION_COLUMNS, 'tr.'), entityId: sql`l.id`, toState: sql`l.status` },
    sql`l`,
  )
  // Only what the database fills comes back: the rest of the row is what was sent (jsonb reorders keys, nothing else).
  const statement = sql`with l as (${inserted.getSQL()}), ${steps} select l.id, l.version from l`
  // Without fields drizzle maps nothing: execute answers the driver's result, whose rows are raw column values.
  type Raw = { execute: { rows: Record<string, unknown>[] }; all: unknown; values: unknown }
  return db._.session.prepareQuery<Raw>(new PgDialect().sqlToQuery(statement), undefined, 'lead_created', false)
}

/**
 * The lead unless its email (or id) is taken, with its ledger row, its lead.created event and the event's deliveries,
 * in one statement: one round trip and no transaction to open, all written or nothing. The row answered is the one
 * sent with what the database filled (the version); `view` of it is the event's payload, with the same id, status
 * and times.
 */
export async function insertLeadRecorded(
  db: Db,
  row: NewLead,
  transition: Omit<NewTransition, 'entityId' | 'toState'>,
  view: (row: LeadRow) => object,
  now: Date,
): Promise<LeadRow | undefined> {
  const sent = { ...nullRow(leads), ...row, id: row.id ?? orderedId(), createdAt: now, updatedAt: now }
  const draft = { ...sent, status: '', version: 0, createdAt: new Date(0), updatedAt: new Date(0) }
  const result = await prepared(db, leadCreated).execute({
    ...encoded(LEAD_COLUMNS, 'lead.', { ...row, id: sent.id, createdAt: now, updatedAt: now }),
    ...encoded(TRANSITION_COLUMNS, 'tr.', transition),
    view: JSON.stringify(view(draft as LeadRow)),
    at: now.toISOString(),
  })
  const [back] = result.rows as { id: string; version: number }[]
  return back === undefined ? undefined : ({ ...sent, version: back.version } as LeadRow)
}

const leadById = (db: Db) =>
  db
    .select()
    .from(leads)
    .where(and(eq(leads.workspaceId, sql.placeholder('workspaceId')), eq(leads.id, sql.placeholder('id'))))
    .prepare('lead_by_id')

// GET /v1/leads/{id}, the most frequent call of all, straight through the driver.
const leadByIdDirect = directSelect('lead_by_id_direct', leads, 'workspace_id = $1 and id = $2')

/** With `lock`, the row stays locked until the transaction ends: concurrent changes to one lead serialise here. */
export async function findLead(db: Db, workspaceId: string, id: string, lock = false): Promise<LeadRow | undefined> {
  if (!lock)
    return (
      await leadByIdDirect.run(db, [workspaceId, id], (tx) => prepared(tx, leadById).execute({ workspaceId, id }))
    )[0]
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

/** Applies changes at `now` (the app's clock) and bumps the version (the ETag). */
export async function updateLead(
  db: Db,
  workspaceId: string,
  id: string,
  changes: LeadChanges,
  now: Date,
): Promise<LeadRow> {
  const [row] = await db
    .update(leads)
    .set({ ...changes, version: sql`${leads.version} + 1`, updatedAt: now })
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
  lastActivityBefore?: string | undefined
  /** No activity, no transition and no creation at or after this instant. */
  stalledSince?: Date | undefined
  /** Engagement decayed to `asOf`, at least `min` and below `below`. */
  engagement?: { asOf: Date; min?: number | undefined; below?: number | undefined } | undefined
}

// Every activity's points decay by the same half-life, so the stored sum decays as a whole: exact until the next
// activity (which rescores the lead anyway). A lead never scored has no engagement.
const decayedEngagement = (asOf: Date) =>
  sql`coalesce(least(100, ${leads.engagementPoints} * exp(-ln(2) * extract(epoch from (${asOf.toISOString()}::timestamptz - ${leads.scoredAt})) / 86400 / nullif(${leads.engagementHalfLifeDays}, 0))), 0)`

function engagementConditions(e: NonNullable<LeadFilter['engagement']>): SQL[] {
  const value = decayedEngagement(e.asOf)
  return [
    ...(e.min === undefined ? [] : [sql`${value} >= ${e.min}::double precision`]),
    ...(e.below === undefined ? [] : [sql`${value} < ${e.below}::double precision`]),
  ]
}

// Nulls become the lowest key (the indexes use the same expressions): unscored and inactive leads sort last when
// descending.
const SORT_KEYS = {
  created_at: { key: sql`${leads.createdAt}`, type: 'timestamptz' },
  updated_at: { key: sql`${leads.updatedAt}`, type: 'timestamptz' },
  score: { key: sql`coalesce(${leads.scoreTotal}, -1)`, type: 'real' },
  last_activity_at: { key: sql`coalesce(${leads.lastActivityAt}, '-infinity'::timestamptz)`, type: 'timestamptz' },
} satisfies SortKeys<string>
export type LeadSortKey = keyof typeof SORT_KEYS

// The column itself for the created_at index (it carries last_activity_at), its sort key for the last_activity index.
const lastActivityBefore = (at: Date) =>
  sql`${leads.lastActivityAt} < ${at.toISOString()}::timestamptz
    and ${SORT_KEYS.last_activity_at.key} < ${at.toISOString()}::timestamptz`

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
    f.lastActivityBefore === undefined ? undefined : lastActivityBefore(new Date(f.lastActivityBefore)),
    f.stalledSince === undefined
      ? undefined
      : stalledCondition('lead', leads, f.stalledSince, sql`${leads.lastActivityAt}`),
    ...(f.engagement === undefined ? [] : engagementConditions(f.engagement)),
  ]
  return conditions.filter((c): c is SQL => c !== undefined)
}

/** Newest first, or in the order of `sort`; either way the cursor is the last lead's id. */
export function listLeads(
  db: Db,
  workspaceId: string,
  filter: LeadFilter,
  page: PageQuery,
  sort?: ListSort<LeadSortKey>,
): Promise<Page<LeadRow>> {
  return listPage<LeadRow, LeadSortKey>(db, leads, workspaceId, leadConditions(filter), page, SORT_KEYS, sort)
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

export async function insertActivity(db: Db, row: NewActivity, now: Date): Promise<ActivityRow> {
  const [inserted] = await db
    .insert(activities)
    .values({ ...row, createdAt: now })
    .returning()
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
export async function insertActivities(
  db: Db,
  rows: (NewActivity & { id: string })[],
  now: Date,
): Promise<ActivityRow[]> {
  const given = new Map(rows.map((r) => [r.id, { ...r, createdAt: now }]))
  const back = await insertJsonRows(db, activities, [...given.values()], { returning: ['id', 'createdAt'] })
  return back.map((b) => ({ ...NULL_ACTIVITY, ...given.get(b.id!), ...b }) as ActivityRow)
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

const NULL_LEAD = nullRow(leads)
const NULL_ACTIVITY = nullRow(activities)

/** Inserts new leads in one statement; an email already taken is skipped (the caller compares what came back). */
export async function insertLeadsIfNew(db: Db, rows: (NewLead & { id: string })[], now: Date): Promise<LeadRow[]> {
  const given = new Map(rows.map((r) => [r.id, { ...r, createdAt: now, updatedAt: now }]))
  const back = await insertJsonRows(db, leads, [...given.values()], {
    skipConflicts: true,
    returning: ['id', 'status', 'version', 'createdAt', 'updatedAt'],
  })
  return back.map((b) => ({ ...NULL_LEAD, ...given.get(b.id!), ...b }) as LeadRow)
}

/** The leads with any of these emails (any letter case); with `lock`, locked until the transaction ends. */
export async function findLeadsByEmails(
  db: Db,
  workspaceId: string,
  emails: readonly string[],
  lock = false,
): Promise<LeadRow[]> {
  if (emails.length === 0) return []
  const lower = [...new Set(emails.map((e) => e.toLowerCase()))]
  // One probe of the email index per email. As one filter (`lower(email) in (...)`), the planner read the whole
  // workspace until it held some 40,000 leads, its costs taking every page for one read from disk: for 500 emails in
  // 20,000 leads, 11 ms against 1 ms (EXPLAIN ANALYZE). An import asks for each chunk, most often finding none.
  const found = await rowsOf<{ id: string }>(
    db,
    sql`select f.id from json_array_elements_text(${JSON.stringify(lower)}::json) as w(email)
      cross join lateral (select ${leads.id} from ${leads}
        where ${leads.workspaceId} = ${workspaceId} and lower(${leads.email}) = w.email offset 0) as f`,
  )
  if (found.length === 0) return []
  const query = db
    .select()
    .from(leads)
    .where(
      and(
        eq(leads.workspaceId, workspaceId),
        isAnyId(
          leads.id,
          found.map((f) => f.id),
        ),
      ),
    )
    // One order for every locker, so two imports touching the same leads queue instead of deadlocking.
    .orderBy(leads.id)
  return lock ? query.for('update') : query
}

/** The newest `limit` activities of each of these leads (what scoring reads), newest first per lead. */
export async function listRecentActivitiesOf(
  db: Db,
  workspaceId: string,
  leadIds: readonly string[],
  limit: number,
): Promise<Pick<ActivityRow, 'leadId' | 'type' | 'direction' | 'occurredAt'>[]> {
  if (leadIds.length === 0) return []
  const ranked = db
    .select({
      leadId: activities.leadId,
      type: activities.type,
      direction: activities.direction,
      occurredAt: activities.occurredAt,
      rank: sql<number>`row_number() over (partition by ${activities.leadId} order by ${activities.occurredAt} desc, ${activities.id} desc)`.as(
        'rank',
      ),
    })
    .from(activities)
    .where(and(eq(activities.workspaceId, workspaceId), inArray(activities.leadId, [...leadIds])))
    .as('ranked')
  return db
    .select({ leadId: ranked.leadId, type: ranked.type, direction: ranked.direction, occurredAt: ranked.occurredAt })
    .from(ranked)
    .where(lte(ranked.rank, limit))
    .orderBy(ranked.leadId, desc(ranked.occurredAt))
}
