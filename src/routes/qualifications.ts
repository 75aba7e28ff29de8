// What-if evaluation: score any lead payload with any rubric, as of any time, writing nothing.
import { IdempotencyHeaders, problems } from '../schemas/common.js'
import { EvaluateBody, Evaluation } from '../schemas/qualifications.js'
import { evaluateWhatIf } from '../services/qualifications/evaluate-what-if.js'
import type { App, RouteDeps } from './app-type.js'

export function qualificationRoutes(app: App, { db, clock }: RouteDeps): void {
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
    async (request) => evaluateWhatIf(db, request.auth.workspaceId, request.body, clock()),
  )
}
