// Idempotency-Key on POST: the first answer is stored for 24 h and replayed on retries of the same request.
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Database } from '../db/client.js'
import { AppError, errorSpec } from '../errors.js'
import { beginIdempotent, finishIdempotent, type StoredResponse } from '../services/idempotency/idempotency.js'

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null
  }
  interface FastifyContextConfig {
    /** The answer holds a secret shown only once: it is not kept, and a retry is told so instead of replayed. */
    secretInResponse?: boolean
  }
}

const REPLAYED_HEADERS = ['content-type', 'location', 'etag']

/** What makes two requests "the same" for an Idempotency-Key. */
export function requestHash(request: Pick<FastifyRequest, 'method' | 'url' | 'body'>): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex')
}

/** What a retry of a secret-bearing request gets: a 409 naming what was created, never the secret. */
function secretNotKept(request: FastifyRequest, body: string): StoredResponse {
  const created = (JSON.parse(body) as { id?: string }).id ?? null
  const problem = {
    type: 'urn:qualify:problem:conflict',
    title: errorSpec('CONFLICT').title,
    status: 409,
    detail:
      'the first request with this Idempotency-Key succeeded; its answer held a secret that is shown only once and was not kept',
    instance: request.url,
    code: 'CONFLICT',
    request_id: request.id,
    created_id: created,
  }
  return {
    status: 409,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: JSON.stringify(problem),
  }
}

export function idempotency(app: FastifyInstance, db: Database): void {
  app.decorateRequest('idempotencyKey', null)

  // preHandler runs after authentication and validation, so a rejected request stores nothing.
  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key']
    if (request.method !== 'POST' || key === undefined || request.auth === null) return
    // A streamed body (an import) can be neither hashed nor replayed; such routes are safe to retry by design.
    if (request.body instanceof Readable) return
    if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 characters', {
        errors: [{ pointer: '/idempotency-key', in: 'header', detail: 'must be 1 to 255 characters' }],
      })
    }
    const stored = await beginIdempotent(db, request.auth.workspaceId, key, requestHash(request))
    if (stored === undefined) {
      request.idempotencyKey = key
      return
    }
    return reply
      .code(stored.status)
      .headers({ ...stored.headers, 'idempotent-replayed': 'true' })
      .send(stored.body)
  })

  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof request.idempotencyKey !== 'string') return payload
    const headers: Record<string, string> = {}
    for (const name of REPLAYED_HEADERS) {
      const value = reply.getHeader(name)
      if (value !== undefined) headers[name] = String(value)
    }
    const body = typeof payload === 'string' ? payload : ''
    const secret = request.routeOptions.config.secretInResponse === true && reply.statusCode < 300
    try {
      await finishIdempotent(
        db,
        request.auth.workspaceId,
        request.idempotencyKey,
        secret ? secretNotKept(request, body) : { status: reply.statusCode, headers, body },
      )
    } catch (err) {
      // The database went away after the answer was decided: the answer still goes out, and the key,
      // left running, is taken as abandoned after its lease.
      request.log.warn({ err }, 'could not store the idempotent answer')
    }
    return payload
  })
}
