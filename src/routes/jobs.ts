// Jobs: start a rescoring, follow it; and a lead's score history.
import { IdParams, Location, problems, withHeaders } from '../schemas/common.js'
import { Job, JobList, JobQuery, LeadScoreList, LeadScoreQuery } from '../schemas/jobs.js'
import { getJob } from '../services/jobs/get-job.js'
import { searchJobs } from '../services/jobs/search-jobs.js'
import { startRescore } from '../services/jobs/start-rescore.js'
import { searchLeadScores } from '../services/leads/search-lead-scores.js'
import type { App, RouteDeps } from './route-deps.js'

const tags = ['jobs']

export function jobRoutes(app: App, { db, caches, jobs }: RouteDeps): void {
  app.post(
    '/v1/jobs/rescore',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'startRescore',
        summary:
          "Rescore the workspace's open leads (new, working, nurturing) with the active rubric, in the background",
        tags,
        response: { 202: withHeaders(Job, { Location }), ...problems(409) },
      },
    },
    async (request, reply) => {
      const job = await startRescore(db, caches.compiled, request.auth.workspaceId, 'api')
      jobs.kick()
      return reply.code(202).header('location', `/v1/jobs/${job.id}`).send(job)
    },
  )

  app.get(
    '/v1/jobs',
    {
      schema: {
        operationId: 'listJobs',
        summary: 'Jobs, newest first (rescorings started by a call, a rubric activation or the daily schedule)',
        tags,
        querystring: JobQuery,
        response: { 200: JobList, ...problems(404) },
      },
    },
    async (request) => searchJobs(db, request.auth.workspaceId, request.query),
  )

  app.get(
    '/v1/jobs/:id',
    {
      schema: {
        operationId: 'getJob',
        summary: "A job's state, progress (done of total) and first errors",
        tags,
        params: IdParams,
        response: { 200: Job, ...problems(404) },
      },
    },
    async (request) => getJob(db, request.auth.workspaceId, request.params.id),
  )

  app.get(
    '/v1/leads/:id/scores',
    {
      schema: {
        operationId: 'listLeadScores',
        summary: "Every stored change of a lead's score, newest first, with the total before it",
        tags: ['leads'],
        params: IdParams,
        querystring: LeadScoreQuery,
        response: { 200: LeadScoreList, ...problems(404) },
      },
    },
    async (request) => searchLeadScores(db, request.auth.workspaceId, request.params.id, request.query),
  )
}
