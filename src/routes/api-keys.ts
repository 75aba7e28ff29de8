// API key management (admin scope).
import { Type } from 'typebox'
import { ApiKeyList, CreateApiKeyBody, CreatedApiKey, type ApiKeyView } from '../schemas/api-keys.js'
import { IdempotencyHeaders, IdParams, problems } from '../schemas/common.js'
import { createApiKey } from '../services/api-keys/create-api-key.js'
import { listKeys } from '../services/api-keys/list-api-keys.js'
import { revokeKey } from '../services/api-keys/revoke-api-key.js'
import { iso, isoOrNull, type App, type RouteDeps } from './app-type.js'

type KeyRow = Awaited<ReturnType<typeof listKeys>>[number]

const view = (row: KeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes as ApiKeyView['scopes'],
  created_at: iso(row.createdAt),
  last_used_at: isoOrNull(row.lastUsedAt),
  revoked_at: isoOrNull(row.revokedAt),
})

export function apiKeyRoutes(app: App, { db }: RouteDeps): void {
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
    async (request, reply) => {
      const { row, key } = await createApiKey(db, request.auth.workspaceId, request.body)
      return reply.code(201).send({ ...view(row), key })
    },
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
    async (request) => ({ data: (await listKeys(db, request.auth.workspaceId)).map(view) }),
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
      await revokeKey(db, request.auth.workspaceId, request.params.id)
      return reply.code(204).send(null)
    },
  )
}
