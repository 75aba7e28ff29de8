// Use case: run a claimed rescoring job chunk by chunk: each chunk of open leads (in id order) is locked, scored with
// the active rubric as of now, written with its score history and lead.score_changed events in one statement, and the
// job's progress, in one transaction. Up to three chunks are in flight, so that one is scored while the others write;
// they commit in order, so the job's cursor only moves past chunks that are stored. Memory stays three chunks whatever
// the workspace size; a resumed job continues after its cursor.
import type { Database, Transaction } from '../../db/client.js'
import { finishJob, renewJob, updateJob, type JobRow } from '../../db/repositories/jobs.js'
import { countOpenLeads, lockOpenLeadsAfter, recentActivitiesOf, writeScores } from '../../db/repositories/rescore.js'
import { MAX_SCORED_ACTIVITIES } from '../../qualification/index.js'
import { AppError } from '../../errors.js'
import { activeRubric, type ScoringRubric } from '../rubrics/scoring-rubric.js'
import { workspaceScoreSettings } from '../settings/workspace-score-settings.js'
import { leadViewShape } from '../leads/lead-view.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'
import { activitiesByLead, scoreChunk, type ScoredChunk } from './score-chunk.js'

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

interface Run {
  job: JobRow
  rubric: ScoringRubric
  threshold: number
  options: RescoreOptions
  /** What the last committed chunk recorded; chunks commit one after the other. */
  progress: Progress
}

function advanced(progress: Progress, cursor: string, size: number, scored: ScoredChunk): Progress {
  const errors = [...progress.errors, ...scored.failures].slice(0, MAX_ERRORS)
  return {
    cursor,
    done: progress.done + size,
    changed: progress.changed + scored.changed,
    errorCount: progress.errorCount + scored.failures.length,
    errors,
  }
}

/**
 * One chunk's transaction: locks the leads after `cursor` and tells `locked` the last one (null: none left), so that
 * the next chunk can start; scores and writes them, then waits for `previous` to commit before recording progress.
 */
async function rescoreChunk(
  tx: Transaction,
  run: Run,
  cursor: string | null,
  locked: (last: string | null) => void,
  previous: Promise<unknown>,
): Promise<void> {
  const { job, options } = run
  const rows = await lockOpenLeadsAfter(tx, job.workspaceId, cursor, options.chunkSize)
  const last = rows.at(-1)?.id ?? null
  locked(last)
  if (last === null) return
  const ids = rows.map((r) => r.id)
  const activities = activitiesByLead(await recentActivitiesOf(tx, job.workspaceId, ids, MAX_SCORED_ACTIVITIES))
  const asOf = options.now()
  const scored = await scoreChunk(rows, activities, run.rubric, run.threshold, asOf)
  await writeScores(tx, job.workspaceId, scored.writes, leadViewShape, asOf)
  // A chunk that committed before the one ahead of it could move the cursor past leads that are not stored yet.
  await previous
  run.progress = advanced(run.progress, last, rows.length, scored)
  await renewJob(tx, job, run.progress, options.lockSeconds)
}

/** Starts a chunk's transaction; answers when it has locked its leads (their last id) and when it is committed. */
function startChunk(db: Database, run: Run, cursor: string | null, previous: Promise<unknown>) {
  let locked!: (last: string | null) => void
  const lockedLast = new Promise<string | null>((resolve) => (locked = resolve))
  const committed = db.transaction((tx) => rescoreChunk(tx, run, cursor, locked, previous))
  // A chunk that fails before locking would leave the loop waiting: its failure ends the wait instead.
  const last = Promise.race([lockedLast, committed.then(() => lockedLast)])
  return { last, committed }
}

/**
 * Chunks the job keeps in flight: one locks, reads and scores in this process while the others write. With two, the
 * database and this process took turns more than they overlapped; three gave 1.3-1.5x the leads/s on the same
 * database (bench insight --rescore-only, 2 cores), four no more and a worse GET p99.
 */
const CHUNKS_IN_FLIGHT = 3

async function rescoreAll(db: Database, run: Run): Promise<void> {
  let cursor = run.progress.cursor
  let previous: Promise<unknown> = Promise.resolve()
  // The chunks started and not yet committed, oldest first.
  const inFlight: Promise<unknown>[] = []
  for (;;) {
    const chunk = startChunk(db, run, cursor, previous)
    // Its failure is awaited below; meanwhile it must not count as unhandled.
    chunk.committed.catch(() => {})
    try {
      const last = await chunk.last
      // Nothing left: done once every chunk still in flight before this empty one has committed its progress too.
      if (last === null) return void (await Promise.all([chunk.committed, ...inFlight]))
      cursor = last
      inFlight.push(chunk.committed)
      // The next one starts once the oldest has committed, if as many as allowed are in flight.
      while (inFlight.length >= CHUNKS_IN_FLIGHT) await inFlight.shift()
    } catch (error) {
      await Promise.allSettled([chunk.committed, ...inFlight])
      throw error
    }
    previous = chunk.committed
  }
}

export async function runRescore(db: Database, job: JobRow, options: RescoreOptions): Promise<void> {
  try {
    const rubric = await activeRubric(db, options.compiled, job.workspaceId)
    const threshold = (await workspaceScoreSettings(db, job.workspaceId)).score_change_threshold
    if (job.total === null) await updateJob(db, job, { total: await countOpenLeads(db, job.workspaceId) })
    const { cursor, done, changed, errorCount, errors } = job
    await rescoreAll(db, { job, rubric, threshold, options, progress: { cursor, done, changed, errorCount, errors } })
    await finishJob(db, job, { state: 'succeeded' })
  } catch (error) {
    // The cause is logged, not shown: a database error's text may name the query.
    const detail = error instanceof AppError ? error.detail : `stopped on an internal error (logged with job ${job.id})`
    const errors = [...job.errors, { lead_id: null, detail }].slice(0, MAX_ERRORS)
    await finishJob(db, job, { state: 'failed', errors })
    throw error
  }
}
