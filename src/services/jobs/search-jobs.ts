// Use case: the workspace's jobs, newest first.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listJobs } from '../../db/repositories/jobs.js'
import type { JobList } from '../../schemas/jobs.js'
import { pageQuery, pageView, type ListQuery } from '../page.js'
import { jobView } from './job-view.js'

export async function searchJobs(db: Db, workspaceId: string, q: ListQuery): Promise<Static<typeof JobList>> {
  const page = await listJobs(db, workspaceId, pageQuery(q))
  return pageView(page.rows.map(jobView), page.hasMore)
}
