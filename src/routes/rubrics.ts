// Rubrics: versioned, immutable scoring documents; one version per workspace is active.
import { IdempotencyHeaders, IdParams, problems } from '../schemas/common.js'
import {
  ActivateBody,
  CreateRubricBody,
  RubricDetail,
  RubricList,
  RubricVersion,
  TemplateList,
  VersionQuery,
} from '../schemas/rubrics.js'
import { activateRubric } from '../services/rubrics/activate-rubric.js'
import { createRubricVersion } from '../services/rubrics/create-rubric-version.js'
import { getRubric } from '../services/rubrics/get-rubric.js'
import { searchRubricTemplates } from '../services/rubrics/search-rubric-templates.js'
import { searchRubrics } from '../services/rubrics/search-rubrics.js'
import type { App, RouteDeps } from './route-deps.js'

export function rubricRoutes(app: App, { db, caches, jobs, clock }: RouteDeps): void {
  app.get(
    '/v1/rubric-templates',
    {
      schema: {
        operationId: 'listRubricTemplates',
        summary: 'Rubric templates: BANT + fit (the default), CHAMP and MEDDIC',
        tags: ['rubrics'],
        response: { 200: TemplateList, ...problems() },
      },
    },
    async () => searchRubricTemplates(),
  )

  app.get(
    '/v1/rubrics',
    {
      schema: {
        operationId: 'listRubrics',
        summary: 'Every rubric version of the workspace, newest first',
        tags: ['rubrics'],
        response: { 200: RubricList, ...problems() },
      },
    },
    async (request) => searchRubrics(db, request.auth.workspaceId),
  )

  app.post(
    '/v1/rubrics',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'createRubric',
        summary: 'Create a rubric, or a new version of one (versions are immutable)',
        tags: ['rubrics'],
        headers: IdempotencyHeaders,
        body: CreateRubricBody,
        response: { 201: RubricVersion, ...problems(404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const created = await createRubricVersion(
        db,
        caches.rubrics,
        request.auth.workspaceId,
        request.auth.keyId,
        request.body,
        clock(),
      )
      if (created.active) jobs.kick()
      return reply.code(201).send(created)
    },
  )

  app.get(
    '/v1/rubrics/:id',
    {
      schema: {
        operationId: 'getRubric',
        summary: "A rubric's newest version, or the one named by ?version=",
        tags: ['rubrics'],
        params: IdParams,
        querystring: VersionQuery,
        response: { 200: RubricDetail, ...problems(404) },
      },
    },
    async (request) => getRubric(db, request.auth.workspaceId, request.params.id, request.query.version),
  )

  app.post(
    '/v1/rubrics/:id/activate',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'activateRubric',
        summary: 'Score with this rubric version from now on (the newest when none is named); queues a rescoring job',
        tags: ['rubrics'],
        headers: IdempotencyHeaders,
        params: IdParams,
        body: ActivateBody,
        response: { 200: RubricVersion, ...problems(404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      const view = await activateRubric(
        db,
        caches.rubrics,
        request.auth.workspaceId,
        request.params.id,
        request.body.version,
      )
      jobs.kick()
      return view
    },
  )
}
