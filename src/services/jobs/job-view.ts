// The API shape of a job.
import type { JobRow } from '../../db/repositories/jobs.js'
import type { Job } from '../../schemas/jobs.js'

export const jobView = (row: JobRow): Job => ({
  id: row.id,
  type: row.type as Job['type'],
  state: row.state,
  trigger: row.trigger as Job['trigger'],
  progress: { done: row.done, total: row.total },
  changed: row.changed,
  error_count: row.errorCount,
  errors: row.errors,
  created_at: row.createdAt.toISOString(),
  started_at: row.startedAt?.toISOString() ?? null,
  finished_at: row.finishedAt?.toISOString() ?? null,
})
