// Turns every error, 404 and 405 into an RFC 9457 problem+json document, in one place.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isDatabaseUnavailable } from '../db/errors.js'
import { AppError, errorSpec, type ErrorCode } from '../errors.js'
import { fieldIssue, type AjvIssue } from '../schemas/ajv.js'

const PROBLEM_TYPE = 'application/problem+json'

const partNames: Record<string, string> = { body: 'body', querystring: 'query', params: 'path', headers: 'header' }

function validationProblem(error: FastifyError): AppError {
  const where = partNames[error.validationContext ?? 'body'] ?? 'body'
  const errors = (error.validation as unknown as AjvIssue[]).map((issue) => {
    const { pointer, detail } = fieldIssue(issue)
    return { pointer: pointer || '/', in: where, detail }
  })
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

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const spec = errorSpec(error.code)
  return reply
    .code(spec.status)
    .type(PROBLEM_TYPE)
    .send({
      type: `urn:qualify:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
      title: spec.title,
      status: spec.status,
      detail: error.detail,
      instance: request.url,
      code: error.code,
      request_id: request.id,
      ...error.extra,
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
