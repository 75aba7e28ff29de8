// Column mappings: stored, immutable descriptions of a CRM export's CSV columns, named by ?mapping_id= on imports.
import { IdempotencyHeaders, IdParams, problems } from '../schemas/common.js'
import { ColumnMapping, ColumnMappingList, CreateColumnMappingBody } from '../schemas/column-mappings.js'
import { createColumnMapping } from '../services/column-mappings/create-column-mapping.js'
import { getMapping, listMappings } from '../services/column-mappings/read-column-mappings.js'
import type { App, RouteDeps } from './route-deps.js'

const tags = ['column-mappings']

export function columnMappingRoutes(app: App, { db, clock }: RouteDeps): void {
  app.post(
    '/v1/column-mappings',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createColumnMapping',
        summary: "Store how a CSV's columns fill lead fields, typed attributes, outcome and as_of",
        tags,
        headers: IdempotencyHeaders,
        body: CreateColumnMappingBody,
        response: { 201: ColumnMapping, ...problems(409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createColumnMapping(db, request.auth.workspaceId, request.body, clock())),
  )

  app.get(
    '/v1/column-mappings',
    {
      schema: {
        operationId: 'listColumnMappings',
        summary: 'The workspace’s column mappings, newest first (at most 200)',
        tags,
        response: { 200: ColumnMappingList, ...problems() },
      },
    },
    async (request) => ({ data: await listMappings(db, request.auth.workspaceId) }),
  )

  app.get(
    '/v1/column-mappings/:id',
    {
      schema: {
        operationId: 'getColumnMapping',
        summary: 'One column mapping',
        tags,
        params: IdParams,
        response: { 200: ColumnMapping, ...problems(404) },
      },
    },
    async (request) => getMapping(db, request.auth.workspaceId, request.params.id),
  )
}
