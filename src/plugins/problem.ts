// Turns every error, 404 and 405 into an RFC 9457 problem+json document, in one place.
import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isDatabaseUnavailable } from '../db/errors.js'
import { AppError, errorSpec, type ErrorCode } from '../errors.js'
import { ajvProblems } from '../schemas/ajv.js'

const PROBLEM_TYPE = 'application/problem+json'

const partNames: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

function validationProblem(error: FastifyError): AppError {
  const where = partNames[error.validationContext ?? 'body'] ?? 'body'
  const errors = ajvProblems(error.validation).map(({ pointer, detail }) => ({ pointer, in: where, detail }))
  const first = errors[0]
  const summary = first === undefined ? 'invalid request' : `${where} ${first.pointer}: ${first.detail}`
  return new AppError('VALIDATION_FAILED', summary, { errors })
}

const frameworkCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'MALFORMED_BODY',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_BODY',
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
}

/** Maps anything thrown to an AppError; unknown errors become INTERNAL without leaking their message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const e = error as FastifyError
  if (e.validation !== undefined) return validationProblem(e)
  const code = frameworkCodes[e.code]
  if (code !== undefined) return new AppError(code, e.message)
  if (e.statusCode === 400 && e instanceof SyntaxError) return new AppError('MALFORMED_BODY', 'body is not valid JSON')
  if (e.statusCode === 429) return new AppError('RATE_LIMITED', e.message)
  // A database restart or failover is the operator's business, not a bug: 503, and the client may retry.
  if (isDatabaseUnavailable(error))
    return new AppError('NOT_READY', 'the database is unavailable; retry in a few seconds')
  return new AppError('INTERNAL', 'an unexpected error occurred; quote the request_id when reporting it')
}

/** The RFC 9457 document for `error`, answering the request at `instance` with id `requestId`. */
function problemDocument(error: AppError, instance: string, requestId: string) {
  const spec = errorSpec(error.code)
  return {
    type: `urn:qualify:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: spec.title,
    status: spec.status,
    detail: error.detail,
    instance,
    code: error.code,
    request_id: requestId,
    ...error.extra,
  }
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  return reply
    .code(errorSpec(error.code).status)
    .type(PROBLEM_TYPE)
    .header('x-request-id', request.id)
    .send(problemDocument(error, request.url, request.id))
}

/** Fastify's `frameworkErrors`: a URL it cannot route (bad percent-encoding, an over-long parameter). */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(request, reply, toAppError(error))
}

const clientErrors: Record<string, [ErrorCode, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: ['REQUEST_TIMEOUT', 'the request was not received in time'],
  HPE_HEADER_OVERFLOW: ['HEADERS_TOO_LARGE', 'the request headers are larger than the server accepts'],
}

/**
 * Node's `clientError`: a request the HTTP parser refused (bad framing, `Transfer-Encoding: identity`, headers
 * too large). There is no request object yet, so the problem is written to the socket, which is then closed.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [code, detail] = clientErrors[error.code ?? ''] ?? ['MALFORMED_REQUEST', 'the request is not valid HTTP/1.1']
  const id = randomUUID()
  const body = JSON.stringify(problemDocument(new AppError(code, detail), '/', id))
  const status = errorSpec(code).status
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_TYPE}; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${id}\r\nConnection: close\r\n\r\n${body}`,
    )
  }
  socket.destroy(error)
}

/**
 * While the server drains on shutdown, new requests on open connections get a 503 problem (instead of Fastify's
 * own JSON) and the connection is closed. Needs `return503OnClosing: false`.
 */
function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  // Callback style: every request passes here, and almost always straight through, without a promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (!closing) return done()
    reply.header('connection', 'close')
    reply.header('retry-after', '5')
    // Answered here, so `done` is not called: the request goes no further.
    void sendProblem(
      request,
      reply,
      new AppError('NOT_READY', 'the service is shutting down; retry on another connection'),
    )
  })
}

/** Registered routes as regular expressions, so an unknown method on a known path can answer 405. */
function routeTable(app: FastifyInstance) {
  const routes: { source: string; pattern: RegExp; methods: Set<string> }[] = []
  app.addHook('onRoute', (route) => {
    const source = '^' + route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[^/]+/g, '[^/]+') + '/?$'
    const methods = [route.method].flat()
    const known = routes.find((r) => r.source === source)
    if (known !== undefined) methods.forEach((m) => known.methods.add(m))
    else routes.push({ source, pattern: new RegExp(source), methods: new Set(methods) })
  })
  return (path: string) => routes.find((r) => r.pattern.test(path))?.methods
}

export function problemHandling(app: FastifyInstance): void {
  refuseWhileClosing(app)
  const allowedMethods = routeTable(app)
  app.setErrorHandler((error, request, reply) => {
    const problem = toAppError(error)
    if (problem.code === 'NOT_READY') reply.header('retry-after', '5')
    if (errorSpec(problem.code).status >= 500) request.log.error({ err: error }, 'request failed')
    return sendProblem(request, reply, problem)
  })
  app.setNotFoundHandler((request, reply) => {
    const methods = allowedMethods(request.url.split('?')[0] ?? '/')
    if (methods === undefined)
      return sendProblem(
        request,
        reply,
        new AppError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`),
      )
    reply.header('allow', [...methods].sort().join(', '))
    return sendProblem(
      request,
      reply,
      new AppError(
        'METHOD_NOT_ALLOWED',
        `${request.method} is not allowed here; use ${[...methods].sort().join(', ')}`,
      ),
    )
  })
}
