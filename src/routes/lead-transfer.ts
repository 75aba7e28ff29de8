// Bulk leads for integrations: a JSON batch upsert, streamed NDJSON/CSV imports of leads and of activities, and a
// streamed NDJSON/CSV export.
import type { Socket } from 'node:net'
import { Readable, Transform } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { AppError } from '../errors.js'
import { MappingQuery } from '../schemas/column-mappings.js'
import { deferred, IdempotencyHeaders, problems } from '../schemas/common.js'
import {
  ActivityImportLine,
  ActivityImportRow,
  BatchUpsertBody,
  BatchUpsertResult,
  ExportQuery,
  IMPORT_TYPES,
  ImportLine,
  LeadImportRow,
  type TransferFormat,
} from '../schemas/lead-transfer.js'
import { Lead } from '../schemas/leads.js'
import { exportLeads } from '../services/leads/export-leads.js'
import { importActivities } from '../services/leads/import-activities.js'
import { importLeads } from '../services/leads/import-leads.js'
import { upsertLeadBatch } from '../services/leads/upsert-batch.js'
import { actorOf } from './write-context.js'
import type { App, RouteDeps } from './route-deps.js'

const tags = ['leads']
export const IMPORT_LIMIT = 200 * 1024 * 1024
const CONTENT_TYPES: Record<TransferFormat, string> = {
  ndjson: IMPORT_TYPES.ndjson,
  csv: `${IMPORT_TYPES.csv}; charset=utf-8`,
}

const CSV_HELP =
  "CSV (UTF-8) with a header row. Columns are the lead's fields, nested ones dotted (company.name, budget.amount, " +
  'attributes.<key>); need.pain_points is "|"-separated; an empty cell is an absent field. An export\'s id, status, score.* ' +
  'and timestamp columns are ignored, so an export re-imports. With mapping_id, a stored column mapping names the ' +
  "columns instead (a team's own columns fill typed attributes.<key>)."

const ACTIVITY_CSV_HELP =
  'CSV (UTF-8) with a header row: email, type, direction, occurred_at, and optional metadata.<key> columns (text)'

/** The body as it arrives, failing with 413 once it passes `limit` bytes (Fastify counts only bodies it buffers). */
export function capped(body: Readable, limit: number): Readable {
  let seen = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      done(seen > limit ? new AppError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`) : null, chunk)
    },
  })
  body.on('error', (error) => counter.destroy(error))
  return body.pipe(counter)
}

/**
 * An import that stops reading (a row past the limit, broken CSV) has answered; the client may still be sending.
 * Closing the connection after the answer ends its upload at once instead of leaving it blocked on a full buffer.
 */
function closeWhenUnread(request: FastifyRequest, reply: FastifyReply): void {
  reply.raw.once('finish', () => {
    // Injected requests (tests) have a stand-in socket without destroySoon().
    const socket = request.raw.socket as Partial<Socket> | undefined
    // Not end(): the unread request leaves the socket paused, so a half-closed socket would never see the client
    // hang up and would hold the server open on shutdown. destroySoon() flushes the answer, then closes both ways.
    if (!request.raw.readableEnded && typeof socket?.destroySoon === 'function') socket.destroySoon()
  })
}

/** Waits for the first chunk, so a failure before any output is still a problem response, not a cut-off 200. */
async function started(chunks: AsyncGenerator<string>): Promise<Readable> {
  const first = await chunks.next()
  return Readable.from(
    (async function* () {
      if (first.done !== true) yield first.value
      yield* chunks
    })(),
  )
}

/** Streams are sent as they are; the response schemas describe their lines for the documentation only. */
const sendStream = (reply: FastifyReply, contentType: string, body: Readable) => reply.type(contentType).send(body)

async function* ndjson(lines: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const line of lines) yield `${JSON.stringify(line)}\n`
}

/** The body and answer of a streamed import, for the documentation: the route reads the stream itself. */
export function streamedImport(
  row: TSchema,
  ndjsonRow: string,
  csvRows: string | null,
  line: TSchema,
  ...statuses: number[]
) {
  return {
    body: {
      content: {
        [IMPORT_TYPES.ndjson]: { schema: deferred({ ...row, description: ndjsonRow }) },
        ...(csvRows === null
          ? {}
          : {
              [IMPORT_TYPES.csv]: { schema: deferred(Type.String({ maxLength: IMPORT_LIMIT, description: csvRows })) },
            }),
      },
    },
    response: {
      200: {
        description: 'One line per data row, then the summary line',
        content: { [IMPORT_TYPES.ndjson]: { schema: line } },
      },
      ...problems(...statuses),
    },
  }
}

/** The shared handling of a streamed import: the body's type picks the format, then lines stream back. */
export async function streamImport(
  request: FastifyRequest,
  reply: FastifyReply,
  run: (format: TransferFormat, body: Readable) => Promise<AsyncIterable<unknown>>,
) {
  if (!(request.body instanceof Readable))
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `send the rows as ${IMPORT_TYPES.ndjson} or ${IMPORT_TYPES.csv} (the Content-Type header)`,
    )
  closeWhenUnread(request, reply)
  const limit = request.routeOptions.bodyLimit
  if (Number(request.headers['content-length'] ?? 0) > limit)
    throw new AppError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`)
  const format: TransferFormat =
    request.headers['content-type']?.toLowerCase().startsWith(IMPORT_TYPES.csv) === true ? 'csv' : 'ndjson'
  const lines = await run(format, capped(request.body, limit))
  return sendStream(reply, CONTENT_TYPES.ndjson, await started(ndjson(lines)))
}

/** For a scope of import routes: only NDJSON and CSV are accepted, handed over as the unread stream. */
export function streamedBodies(scope: App): void {
  scope.removeAllContentTypeParsers()
  scope.addContentTypeParser(Object.values(IMPORT_TYPES), (_request, payload, done) => done(null, payload))
}

export function leadTransferRoutes(app: App, { db, clock }: RouteDeps): void {
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
    async (request) => upsertLeadBatch(db, actorOf(request, clock()), request.body.leads),
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
          importLeads(db, actorOf(request, clock()), format, body, (request.query as MappingQuery).mapping_id),
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
        streamImport(request, reply, (format, body) => importActivities(db, actorOf(request, clock()), format, body)),
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
      return sendStream(reply, CONTENT_TYPES[format], body)
    },
  )
}
