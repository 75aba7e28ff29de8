// Bulk leads for integrations: a JSON batch upsert, streamed NDJSON/CSV imports of leads and of activities, and a
// streamed NDJSON/CSV export.
import { Type } from 'typebox'
import { MappingQuery } from '../schemas/column-mappings.js'
import { IdempotencyHeaders, problems } from '../schemas/common.js'
import {
  ActivityImportLine,
  ActivityImportRow,
  BatchUpsertBody,
  BatchUpsertResult,
  ExportQuery,
  IMPORT_TYPES,
  ImportLine,
  LeadImportRow,
} from '../schemas/lead-transfer.js'
import { Lead } from '../schemas/leads.js'
import { exportLeads } from '../services/leads/export-leads.js'
import { importActivities } from '../services/leads/import-activities.js'
import { importLeads } from '../services/leads/import-leads.js'
import { upsertLeadBatch } from '../services/leads/upsert-batch.js'
import { started } from '../services/streaming/lines-out.js'
import { actorOf } from './write-context.js'
import type { App, RouteDeps } from './route-deps.js'
import { IMPORT_LIMIT, sendStream, streamedBodies, streamedImport, streamImport } from './streamed.js'

const tags = ['leads']

const CSV_HELP =
  "CSV (UTF-8) with a header row. Columns are the lead's fields, nested ones dotted (company.name, budget.amount, " +
  'attributes.<key>); need.pain_points is "|"-separated; an empty cell is an absent field. An export\'s id, status, score.* ' +
  'and timestamp columns are ignored, so an export re-imports. With mapping_id, a stored column mapping names the ' +
  "columns instead (a team's own columns fill typed attributes.<key>)."

const ACTIVITY_CSV_HELP =
  'CSV (UTF-8) with a header row: email, type, direction, occurred_at, and optional metadata.<key> columns (text)'

export function leadTransferRoutes(app: App, { db, caches, clock }: RouteDeps): void {
  app.post(
    '/v1/leads/batch/upsert',
    {
      schema: {
        operationId: 'upsertLeadBatch',
        summary: 'Create or update up to 100 leads by email; each item succeeds or fails on its own',
        tags,
        headers: IdempotencyHeaders,
        body: BatchUpsertBody,
        response: { 200: BatchUpsertResult, ...problems(409, 413, 415, 422) },
      },
    },
    async (request) => upsertLeadBatch(db, caches.compiled, actorOf(request, clock()), request.body.leads),
  )

  app.register(async (scope) => {
    streamedBodies(scope)
    scope.post(
      '/v1/leads/import',
      {
        bodyLimit: IMPORT_LIMIT,
        schema: {
          operationId: 'importLeads',
          tags,
          querystring: MappingQuery,
          summary:
            'Upsert leads by email (NDJSON lines may carry their past activities) from an NDJSON or CSV stream; answers as it goes with one NDJSON result per row, then a summary line',
          ...streamedImport(
            LeadImportRow,
            'One lead object (as for POST /v1/leads/upsert) per line, optionally with an `activities` array ' +
              '(as for POST /v1/leads/{id}/activities)',
            CSV_HELP,
            ImportLine,
            404,
            413,
            415,
          ),
        },
      },
      async (request, reply) =>
        streamImport(request, reply, (format, body) =>
          importLeads(
            db,
            caches.compiled,
            actorOf(request, clock()),
            format,
            body,
            (request.query as MappingQuery).mapping_id,
          ),
        ),
    )
    scope.post(
      '/v1/activities/import',
      {
        bodyLimit: IMPORT_LIMIT,
        schema: {
          operationId: 'importActivities',
          tags,
          summary:
            "Record activities from an NDJSON or CSV stream, each keyed by its lead's email; the leads are rescored. " +
            'One NDJSON result per row as it goes, then a summary line',
          ...streamedImport(
            ActivityImportRow,
            'One activity per line: {"email", "type", "direction", "occurred_at", "metadata"?}, as for ' +
              'POST /v1/leads/{id}/activities plus the email of the lead',
            ACTIVITY_CSV_HELP,
            ActivityImportLine,
            413,
            415,
          ),
        },
      },
      async (request, reply) =>
        streamImport(request, reply, (format, body) =>
          importActivities(db, caches.compiled, actorOf(request, clock()), format, body),
        ),
    )
  })

  app.get(
    '/v1/leads/export',
    {
      schema: {
        operationId: 'exportLeads',
        summary: 'Stream every lead matching the list filters, newest first, as NDJSON or CSV',
        tags,
        querystring: ExportQuery,
        response: {
          200: {
            description: 'All matching leads',
            headers: {
              'Content-Disposition': Type.String({
                maxLength: 40,
                pattern: '^attachment; filename="leads\\.(ndjson|csv)"$',
              }),
            },
            content: {
              [IMPORT_TYPES.ndjson]: { schema: Lead },
              // A stream as long as the workspace's leads: no bound but the exactness of a JSON number.
              [IMPORT_TYPES.csv]: {
                schema: Type.String({ maxLength: Number.MAX_SAFE_INTEGER, description: CSV_HELP }),
              },
            },
          },
          ...problems(),
        },
      },
    },
    async (request, reply) => {
      const { format = 'ndjson', ...filters } = request.query
      const body = await started(exportLeads(db, request.auth.workspaceId, format, filters))
      reply.header('content-disposition', `attachment; filename="leads.${format}"`)
      return sendStream(reply, format, body)
    },
  )
}
