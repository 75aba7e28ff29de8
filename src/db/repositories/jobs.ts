// Job rows: created queued, claimed by one runner at a time (a claim expires if its process dies), progress saved.
import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'
import { jobs, rubricVersions } from '../schema.js'
import { pageOf, type Page, type PageQuery } from './page.js'
import { rowsOf } from './reports.js'

export type JobRow = typeof jobs.$inferSelect
export type JobChanges = Partial<Omit<JobRow, 'id' | 'workspaceId' | 'type' | 'trigger' | 'createdAt'>>

export async function insertJob(db: Db, workspaceId: string, type: string, trigger: string): Promise<JobRow> {
  const [row] = await db.insert(jobs).values({ workspaceId, type, trigger }).returning()
  return row!
}

export async function findJob(db: Db, workspaceId: string, id: string): Promise<JobRow | undefined> {
  const [row] = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.workspaceId, workspaceId), eq(jobs.id, id)))
  return row
}

/** The oldest queued job, or a running one whose runner stopped renewing its claim; claimed for `lockSeconds`. */
export async function claimJob(db: Db, lockSeconds: number): Promise<JobRow | undefined> {
  const [next] = await rowsOf<{ id: string; workspace_id: string }>(
    db,
    sql`
    select ${jobs.id} as id, ${jobs.workspaceId} as workspace_id from ${jobs}
    where ${jobs.state} = 'queued' or (${jobs.state} = 'running' and ${jobs.lockedUntil} < now())
    order by ${jobs.createdAt} limit 1 for update skip locked`,
  )
  if (next === undefined) return undefined
  const [row] = await db
    .update(jobs)
    .set({
      state: 'running',
      startedAt: sql`coalesce(${jobs.startedAt}, now())`,
      lockedUntil: sql`now() + make_interval(secs => ${lockSeconds})`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(jobs.workspaceId, next.workspace_id), eq(jobs.id, next.id)))
    .returning()
  return row
}

/** Records progress and holds the claim `lockSeconds` longer. */
export async function renewJob(db: Db, job: JobRow, changes: JobChanges, lockSeconds: number): Promise<void> {
  await setJob(db, job, { ...changes, lockedUntil: sql`now() + make_interval(secs => ${lockSeconds})` })
}

/** Ends the job in `state` and releases its claim. */
export async function finishJob(db: Db, job: JobRow, changes: Pick<JobChanges, 'state' | 'errors'>): Promise<void> {
  await setJob(db, job, { ...changes, finishedAt: sql`now()`, lockedUntil: null })
}

export const updateJob = (db: Db, job: JobRow, changes: JobChanges): Promise<void> => setJob(db, job, changes)

async function setJob(db: Db, job: JobRow, changes: { [K in keyof JobChanges]: JobChanges[K] | SQL }): Promise<void> {
  await db
    .update(jobs)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(jobs.workspaceId, job.workspaceId), eq(jobs.id, job.id)))
}

/** Whether a job of this type and trigger was created in the last `hours` (the daily schedule asks). */
export async function hasRecentJob(db: Db, workspaceId: string, trigger: string, hours: number): Promise<boolean> {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.workspaceId, workspaceId),
        eq(jobs.trigger, trigger),
        sql`${jobs.createdAt} > now() - make_interval(hours => ${hours})`,
      ),
    )
    .limit(1)
  return rows.length > 0
}

/** Transaction-scoped: only the instance that gets it decides whether the daily jobs are due. */
export async function tryScheduleLock(db: Db, key: number): Promise<boolean> {
  const [row] = await rowsOf<{ locked: boolean }>(db, sql`select pg_try_advisory_xact_lock(${key}) as locked`)
  return row?.locked === true
}

/** The workspaces that have an active rubric: the ones a daily rescoring can run for. */
export async function workspacesWithActiveRubric(db: Db): Promise<string[]> {
  const rows = await db
    .select({ workspaceId: rubricVersions.workspaceId })
    .from(rubricVersions)
    .where(eq(rubricVersions.active, true))
  return rows.map((r) => r.workspaceId)
}

export const listJobs = (db: Db, workspaceId: string, page: PageQuery): Promise<Page<JobRow>> =>
  pageOf<JobRow>(db, jobs, workspaceId, [], page)
