// The HTTP edge of streamed bodies and answers (NDJSON and CSV): bodies handed over unread, capped and typed by their
// Content-Type; answers sent as they are produced. Reading rows and writing lines is src/services/streaming's.
import type { Socket } from 'node:net'
import { Readable } from 'node:stream'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type, type TSchema } from 'typebox'
import { AppError } from '../errors.js'
import { deferred, problems } from '../schemas/common.js'
import { IMPORT_TYPES, type TransferFormat } from '../schemas/lead-transfer.js'
import { capped, formatOf } from '../services/streaming/body-in.js'
import { ndjsonLines, started } from '../services/streaming/lines-out.js'
import type { App } from './route-deps.js'

export const IMPORT_LIMIT = 200 * 1024 * 1024
const CONTENT_TYPES: Record<TransferFormat, string> = {
  ndjson: IMPORT_TYPES.ndjson,
  csv: `${IMPORT_TYPES.csv}; charset=utf-8`,
}

/** For a scope of streamed routes: NDJSON and CSV bodies are handed over as the unread stream; JSON only if kept. */
export function streamedBodies(scope: App, { keepJson = false } = {}): void {
  if (!keepJson) scope.removeAllContentTypeParsers()
  scope.addContentTypeParser(Object.values(IMPORT_TYPES), (_request, payload, done) => done(null, payload))
}

/** The format a request's Content-Type names, if it is NDJSON or CSV. */
export const streamedFormat = (request: FastifyRequest) => formatOf(request.headers['content-type'])

/** The streamed body of a request (NDJSON or CSV), capped at the route's body limit; undefined for any other type. */
export function streamedBody(request: FastifyRequest): { format: TransferFormat; body: Readable } | undefined {
  const format = streamedFormat(request)
  if (format === undefined || !(request.body instanceof Readable)) return undefined
  const limit = request.routeOptions.bodyLimit
  return { format, body: capped(request.body, limit, request.headers['content-length']) }
}

/** How long an import that stopped reading keeps draining the client's upload after its answer, at most. */
const LINGER_MS = 2000

/**
 * An import that stops reading (a row past the limit, broken CSV) has answered; the client may still be sending.
 * After the answer the connection is half-closed and the rest of the upload read and dropped until the client hangs
 * up (LINGER_MS at most), which ends its upload at once instead of leaving it blocked on a full buffer. Closed
 * outright with the upload unread, the socket would answer the client with a reset, and a reset can make the
 * client's system drop the answer it has received but not yet read (seen as an empty answer in bad-input.spec.ts).
 */
function closeWhenUnread(request: FastifyRequest, reply: FastifyReply): void {
  reply.raw.once('finish', () => {
    // Injected requests (tests) have a stand-in socket without end() and destroy().
    const socket = request.raw.socket as Partial<Socket> | undefined
    if (request.raw.readableEnded || typeof socket?.destroy !== 'function' || typeof socket.end !== 'function') return
    socket.end()
    // Flowing with no reader: the upload is dropped as it arrives, and the client's hang-up is seen.
    request.raw.resume()
    setTimeout(() => socket.destroy!(), LINGER_MS).unref()
  })
}

/** Streams are sent as they are; the response schemas describe their lines for the documentation only. */
export const sendStream = (reply: FastifyReply, format: TransferFormat, body: Readable) =>
  reply.type(CONTENT_TYPES[format]).send(body)

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
  const unsupported = () =>
    new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      `send the rows as ${IMPORT_TYPES.ndjson} or ${IMPORT_TYPES.csv} (the Content-Type header)`,
    )
  if (!(request.body instanceof Readable)) throw unsupported()
  closeWhenUnread(request, reply)
  const streamed = streamedBody(request)
  if (streamed === undefined) throw unsupported()
  const lines = await run(streamed.format, streamed.body)
  return sendStream(reply, 'ndjson', await started(ndjsonLines(lines)))
}
