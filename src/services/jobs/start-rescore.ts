// Use case: queue a rescoring of the workspace's open leads with its active rubric (a runner picks it up).
import type { Db } from '../../db/client.js'
import { insertJob } from '../../db/repositories/jobs.js'
import type { Job } from '../../schemas/jobs.js'
import { activeRubric } from '../rubrics/scoring-rubric.js'
import { jobView } from './job-view.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export async function startRescore(
  db: Db,
  compiled: CompiledRubrics,
  workspaceId: string,
  trigger: Job['trigger'],
): Promise<Job> {
  // Refused up front (409) rather than failing later: there is nothing to score with.
  await activeRubric(db, compiled, workspaceId)
  return jobView(await insertJob(db, workspaceId, 'rescore', trigger))
}
