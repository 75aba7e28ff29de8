// Use case: run a claimed rescoring job chunk by chunk: each chunk of open leads (in id order) is locked, scored with
// the active rubric as of now, written in one statement with its lead.score_changed events and the job's progress,
// in one transaction. Memory stays one chunk whatever the workspace size; a resumed job continues after its cursor.
import type { Database, Transaction } from '../../db/client.js'
import { finishJob, renewJob, updateJob, type JobRow } from '../../db/repositories/jobs.js'
import type { LeadRow } from '../../db/repositories/leads.js'
import {
  countOpenLeads,
  findLeads,
  lockOpenLeadsAfter,
  recentActivitiesOf,
  writeScores,
  type RecentActivity,
  type ScoreWrite,
} from '../../db/repositories/rescore.js'
import { evaluate, MAX_SCORED_ACTIVITIES, scoreMove, type Activity } from '../../qualification/index.js'
import { AppError } from '../../errors.js'
import { activeRubric, type ScoringRubric } from '../rubrics/scoring-rubric.js'
import { workspaceScoreSettings } from '../settings/workspace-score-settings.js'
import { leadFacts, leadView, scoreColumns } from '../leads/lead-view.js'
import { recordEvents } from '../lifecycle/record.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

const MAX_ERRORS = 10

export interface RescoreOptions {
  chunkSize: number
  lockSeconds: number
  now: () => Date
  /** Owned by the process that runs the jobs (the app's Caches, or the worker). */
  compiled: CompiledRubrics
}

interface Progress {
  cursor: string | null
  done: number
  changed: number
  errorCount: number
  errors: JobRow['errors']
}

const storedScore = (row: LeadRow) => ({
  total: row.scoreTotal,
  grade: row.scoreGrade,
  decision: row.scoreDecision,
  rubricId: row.scoreRubricId,
  rubricVersion: row.scoreRubricVersion,
})

function activitiesByLead(rows: RecentActivity[]): Map<string, Activity[]> {
  const by = new Map<string, Activity[]>()
  for (const r of rows) {
    const at = r.occurred_at instanceof Date ? r.occurred_at : new Date(r.occurred_at)
    const list = by.get(r.lead_id) ?? []
    list.push({ type: r.type, direction: r.direction, occurred_at: at.toISOString() } as Activity)
    by.set(r.lead_id, list)
  }
  return by
}

/** The chunk's lead.score_changed events, appended in one batch (numbered in order, outbox rows included). */
async function announce(tx: Transaction, workspaceId: string, before: Map<string, LeadRow>, ids: string[], asOf: Date) {
  const changed = await findLeads(tx, workspaceId, ids)
  await recordEvents(
    tx,
    workspaceId,
    changed.map((row) => ({
      type: 'lead.score_changed',
      entityType: 'lead',
      entityId: row.id,
      payload: { ...leadView(row), previous_score: leadView(before.get(row.id)!).score },
    })),
    asOf,
  )
}

async function rescoreChunk(
  tx: Transaction,
  job: JobRow,
  rubric: ScoringRubric,
  threshold: number,
  progress: Progress,
  options: RescoreOptions,
): Promise<Progress | undefined> {
  const rows = await lockOpenLeadsAfter(tx, job.workspaceId, progress.cursor, options.chunkSize)
  if (rows.length === 0) return undefined
  const ids = rows.map((r) => r.id)
  const activities = activitiesByLead(await recentActivitiesOf(tx, job.workspaceId, ids, MAX_SCORED_ACTIVITIES))
  const asOf = options.now()
  const writes: ScoreWrite[] = []
  const notify: string[] = []
  const next = { ...progress, errors: [...progress.errors] }
  for (const row of rows) {
    try {
      const evaluation = evaluate({ lead: leadFacts(row), activities: activities.get(row.id) ?? [], rubric, asOf })
      const columns = scoreColumns(evaluation) as Omit<ScoreWrite, 'id'>
      const move = scoreMove(storedScore(row), { ...storedScore({ ...row, ...columns } as LeadRow) }, threshold)
      writes.push({ id: row.id, ...columns })
      if (move.changed) next.changed++
      if (move.notify) notify.push(row.id)
    } catch (error) {
      next.errorCount++
      if (next.errors.length < MAX_ERRORS) next.errors.push({ lead_id: row.id, detail: (error as Error).message })
    }
  }
  await writeScores(tx, job.workspaceId, writes)
  await announce(tx, job.workspaceId, new Map(rows.map((r) => [r.id, r])), notify, asOf)
  next.cursor = ids[ids.length - 1]!
  next.done += rows.length
  await renewJob(tx, job, next, options.lockSeconds)
  return next
}

export async function runRescore(db: Database, job: JobRow, options: RescoreOptions): Promise<void> {
  try {
    const rubric = await activeRubric(db, options.compiled, job.workspaceId)
    const threshold = (await workspaceScoreSettings(db, job.workspaceId)).score_change_threshold
    if (job.total === null) await updateJob(db, job, { total: await countOpenLeads(db, job.workspaceId) })
    const { cursor, done, changed, errorCount, errors } = job
    let progress: Progress | undefined = { cursor, done, changed, errorCount, errors }
    while (progress !== undefined) {
      const current: Progress = progress
      progress = await db.transaction((tx) => rescoreChunk(tx, job, rubric, threshold, current, options))
    }
    await finishJob(db, job, { state: 'succeeded' })
  } catch (error) {
    // The cause is logged, not shown: a database error's text may name the query.
    const detail = error instanceof AppError ? error.detail : `stopped on an internal error (logged with job ${job.id})`
    const errors = [...job.errors, { lead_id: null, detail }].slice(0, MAX_ERRORS)
    await finishJob(db, job, { state: 'failed', errors })
    throw error
  }
}
