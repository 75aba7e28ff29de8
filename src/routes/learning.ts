// Learning from outcomes: backtest a rubric and fit one on a labelled dataset (a streamed CRM export or the
// workspace's own leads). Streams are read as they arrive; the answer comes once the last row is scored.
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { AppError } from '../errors.js'
import { deferred, IdempotencyHeaders, problems } from '../schemas/common.js'
import { DATASET_TYPES, LabelledRow } from '../schemas/datasets.js'
import { BacktestAnswer, BacktestBody, BacktestQuery, FitAnswer, FitBody, FitQuery } from '../schemas/learning.js'
import { backtestRubric } from '../services/learning/backtest-rubric.js'
import { fitRubric } from '../services/learning/fit-rubric.js'
import type { DatasetSource } from '../services/learning/labelled-dataset.js'
import type { App, RouteDeps } from './route-deps.js'
import { streamedBodies, streamedBody, streamedFormat } from './streamed.js'

const tags = ['learning']
/** A million-row export is a few hundred megabytes; it is read as a stream, never held. */
const DATASET_LIMIT = 2 * 1024 * 1024 * 1024

const ROW_HELP =
  'One labelled row per line: {"lead": {...}, "activities": [...], "as_of": "<date-time>", "outcome": "won" | "lost"}'
const CSV_HELP =
  "CSV with a header: the lead import's dotted columns (email, company.employee_count, attributes.<key>, …) plus " +
  'outcome and as_of, or any columns through ?mapping_id=. Bad rows are skipped and reported, not fatal'

/** The OpenAPI description of a body that is a labelled dataset stream or a JSON request. */
const datasetBody = (json: object) => ({
  content: {
    [DATASET_TYPES.json]: { schema: json },
    [DATASET_TYPES.ndjson]: { schema: deferred({ ...LabelledRow, description: ROW_HELP }) },
    [DATASET_TYPES.csv]: { schema: deferred(Type.String({ maxLength: DATASET_LIMIT, description: CSV_HELP })) },
  },
})

const formatOf = (request: FastifyRequest) => streamedFormat(request) ?? 'json'

/** The dataset of a streamed request; `json` requests name their source in the body. */
export function streamSource(request: FastifyRequest, mappingId: string | undefined): DatasetSource {
  const streamed = streamedBody(request)
  if (streamed === undefined) throw new AppError('VALIDATION_FAILED', 'unreachable: a JSON body has its own source')
  return { kind: 'stream', ...streamed, mappingId }
}

function queryOnlyWithStreams(request: FastifyRequest): void {
  const query = request.query as Record<string, unknown>
  const given = Object.keys(query).filter((k) => query[k] !== undefined)
  if (given.length > 0)
    throw new AppError('VALIDATION_FAILED', 'with a JSON body, give every option in the body', {
      errors: given.map((k) => ({ pointer: `/${k}`, in: 'querystring', detail: 'belongs in the JSON body' })),
    })
}

/** The candidate rules come from one place: a template (or base) or a stored rubric, not both. */
function oneOf(a: unknown, b: unknown, where: string, pointers: [string, string]): void {
  if (a === undefined || b === undefined) return
  const detail = `give ${pointers[0].slice(1)} or ${pointers[1].slice(1)}, not both`
  throw new AppError('VALIDATION_FAILED', detail, {
    errors: pointers.map((pointer) => ({ pointer, in: where, detail })),
  })
}

export function learningRoutes(app: App, { db, caches, clock }: RouteDeps): void {
  // Its own scope: NDJSON and CSV bodies are handed over as the unread stream; JSON is parsed as usual.
  app.register(async (scope) => {
    streamedBodies(scope, { keepJson: true })

    scope.post(
      '/v1/rubrics/backtest',
      {
        config: { scope: 'read' },
        bodyLimit: DATASET_LIMIT,
        schema: {
          operationId: 'backtestRubric',
          summary:
            'How well a rubric (inline, stored, or the active one) ranks won above lost leads: AUC, Brier, log loss, ' +
            'lift by decile, grade and decision, reliability, and per-rule lift. Nothing is stored',
          tags,
          headers: IdempotencyHeaders,
          querystring: BacktestQuery,
          body: datasetBody(BacktestBody),
          response: { 200: BacktestAnswer, ...problems(404, 409, 413, 415, 422) },
        },
      },
      async (request) => {
        const { workspaceId } = request.auth
        // A body described per content type leaves the type provider without a type for the request.
        const query = request.query as BacktestQuery
        if (formatOf(request) !== 'json')
          return backtestRubric(db, caches.compiled, workspaceId, query, streamSource(request, query.mapping_id))
        queryOnlyWithStreams(request)
        const body = request.body as BacktestBody
        const source = { kind: 'workspace' as const, nurtureDays: body.nurture_days ?? 90, now: clock() }
        return backtestRubric(db, caches.compiled, workspaceId, body, source)
      },
    )

    scope.post(
      '/v1/rubrics/fit',
      {
        config: { scope: 'admin' },
        bodyLimit: DATASET_LIMIT,
        schema: {
          operationId: 'fitRubric',
          summary:
            'Learn the points of a rubric from won and lost rows (L2 logistic regression, k-fold CV); stored as a new ' +
            'DRAFT version with its cross-validated and held-out backtest, active only once someone activates it',
          tags,
          headers: IdempotencyHeaders,
          querystring: FitQuery,
          body: datasetBody(FitBody),
          response: { 201: FitAnswer, ...problems(404, 409, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const { workspaceId, keyId } = request.auth
        const answer =
          formatOf(request) === 'json'
            ? await fitWorkspace(request, workspaceId, keyId)
            : await fitStream(request, workspaceId, keyId)
        return reply.code(201).send(answer)
      },
    )
  })

  function fitStream(request: FastifyRequest, workspaceId: string, keyId: string) {
    const { template, rubric_id, rubric_version, mapping_id, ...settings } = request.query as FitQuery
    oneOf(template, rubric_id, 'querystring', ['/template', '/rubric_id'])
    const base = template === undefined ? undefined : { template }
    const fitRequest = { base, rubric_id, rubric_version, settings }
    return fitRubric(db, workspaceId, keyId, fitRequest, streamSource(request, mapping_id), clock())
  }

  function fitWorkspace(request: FastifyRequest, workspaceId: string, keyId: string) {
    queryOnlyWithStreams(request)
    const { source: _workspace, nurture_days, base, rubric_id, rubric_version, ...settings } = request.body as FitBody
    oneOf(base, rubric_id, 'body', ['/base', '/rubric_id'])
    const source = { kind: 'workspace' as const, nurtureDays: nurture_days ?? 90, now: clock() }
    return fitRubric(db, workspaceId, keyId, { base, rubric_id, rubric_version, settings }, source, clock())
  }
}
