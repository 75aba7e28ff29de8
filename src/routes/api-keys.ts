// API key management (admin scope).
import { Type } from 'typebox'
import { ApiKeyList, CreateApiKeyBody, CreatedApiKey } from '../schemas/api-keys.js'
import { IdempotencyHeaders, IdParams, problems } from '../schemas/common.js'
import { createApiKey } from '../services/api-keys/create-api-key.js'
import { revokeApiKey } from '../services/api-keys/revoke-api-key.js'
import { searchApiKeys } from '../services/api-keys/search-api-keys.js'
import type { App, RouteDeps } from './route-deps.js'

export function apiKeyRoutes(app: App, { db, caches, clock }: RouteDeps): void {
  app.post(
    '/v1/api-keys',
    {
      config: { scope: 'admin', secretInResponse: true },
      schema: {
        operationId: 'createApiKey',
        summary: 'Create an API key (its secret is shown once)',
        tags: ['api-keys'],
        headers: IdempotencyHeaders,
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKey, ...problems(409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createApiKey(db, request.auth.workspaceId, request.body, clock())),
  )

  app.get(
    '/v1/api-keys',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'listApiKeys',
        summary: "List the workspace's API keys",
        tags: ['api-keys'],
        response: { 200: ApiKeyList, ...problems() },
      },
    },
    async (request) => searchApiKeys(db, request.auth.workspaceId),
  )

  app.delete(
    '/v1/api-keys/:id',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'revokeApiKey',
        summary: 'Revoke an API key',
        tags: ['api-keys'],
        params: IdParams,
        response: { 204: Type.Null({ description: 'Revoked' }), ...problems(404, 409) },
      },
    },
    async (request, reply) => {
      await revokeApiKey(db, caches.apiKeys, request.auth.workspaceId, request.params.id, clock())
      return reply.code(204).send(null)
    },
  )
}
