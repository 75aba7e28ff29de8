// Use case: read a job's state and progress.
import type { Db } from '../../db/client.js'
import { findJob } from '../../db/repositories/jobs.js'
import { found } from '../../errors.js'
import type { Job } from '../../schemas/jobs.js'
import { jobView } from './job-view.js'

export const getJob = async (db: Db, workspaceId: string, id: string): Promise<Job> =>
  jobView(found(await findJob(db, workspaceId, id), 'job'))
