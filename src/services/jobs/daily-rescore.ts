// The daily rescoring: queues one rescore job per workspace with an active rubric, at most one a day. Any number of
// instances may call it; a transaction-scoped advisory lock lets one of them decide at a time.
import type { Database } from '../../db/client.js'
import { hasRecentJob, insertJob, tryScheduleLock, workspacesWithActiveRubric } from '../../db/repositories/jobs.js'

// Any constant will do, as long as nothing else uses it.
const SCHEDULE_LOCK = 4_711_044
const EVERY_HOURS = 24

/** The number of jobs queued: 0 when another instance holds the lock or every workspace ran within a day. */
export async function queueDailyRescores(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    if (!(await tryScheduleLock(tx, SCHEDULE_LOCK))) return 0
    let queued = 0
    for (const workspaceId of await workspacesWithActiveRubric(tx)) {
      if (await hasRecentJob(tx, workspaceId, 'schedule', EVERY_HOURS)) continue
      await insertJob(tx, workspaceId, 'rescore', 'schedule')
      queued++
    }
    return queued
  })
}
