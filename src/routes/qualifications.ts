// What-if evaluation: score any lead payload (or up to 1,000 at once) with any rubric, as of any time, writing nothing.
import { IdempotencyHeaders, problems } from '../schemas/common.js'
import { EvaluateBatchBody, EvaluateBatchResult } from '../schemas/evaluate-batch.js'
import { EvaluateBody, Evaluation } from '../schemas/qualifications.js'
import { evaluateBatch } from '../services/qualifications/evaluate-batch.js'
import { evaluateWhatIf } from '../services/qualifications/evaluate-what-if.js'
import type { App, RouteDeps } from './route-deps.js'

export function qualificationRoutes(app: App, { db, caches, clock }: RouteDeps): void {
  app.post(
    '/v1/qualifications/evaluate',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'evaluateLead',
        summary: 'Score a lead payload and explain every point (nothing is stored)',
        tags: ['qualification'],
        headers: IdempotencyHeaders,
        body: EvaluateBody,
        response: { 200: Evaluation, ...problems(404, 409, 413, 415, 422) },
      },
    },
    async (request) => evaluateWhatIf(db, caches.compiled, request.auth.workspaceId, request.body, clock()),
  )

  app.post(
    '/v1/qualifications/evaluate/batch',
    {
      config: { scope: 'read' },
      // 1,000 leads with their activities do not fit the default 1 MiB.
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        operationId: 'evaluateLeadBatch',
        summary: 'Score up to 1,000 lead payloads with one rubric; each item succeeds or fails on its own',
        tags: ['qualification'],
        headers: IdempotencyHeaders,
        body: EvaluateBatchBody,
        response: { 200: EvaluateBatchResult, ...problems(404, 409, 413, 415, 422) },
      },
    },
    async (request) => evaluateBatch(db, caches.compiled, request.auth.workspaceId, request.body, clock()),
  )
}
