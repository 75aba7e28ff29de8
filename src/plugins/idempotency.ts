// Idempotency-Key on POST: the first answer is stored for 24 h and replayed on retries of the same request.
// A request with a key runs in one transaction, and its answer is stored in it: a crash either loses both the
// writes and the answer (the retry runs anew) or keeps both (the retry replays the answer).
import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import { withTransaction } from '../db/ambient.js'
import type { Database } from '../db/client.js'
import { AppError, errorSpec } from '../errors.js'
import {
  beginIdempotent,
  finishIdempotent,
  storeAnswer,
  type StoredResponse,
} from '../services/idempotency/idempotency.js'

/** The answer of a request whose transaction is still open, and the outcome of its commit. */
interface OpenAnswer {
  give: (answer: StoredResponse) => void
  given: boolean
  committed: Promise<void>
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey: string | null
    openAnswer: OpenAnswer | null
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

/** The answer as a retry will get it. */
function answerOf(request: FastifyRequest, reply: FastifyReply, payload: unknown): StoredResponse {
  const headers: Record<string, string> = {}
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name)
    if (value !== undefined) headers[name] = String(value)
  }
  const body = typeof payload === 'string' ? payload : ''
  const secret = request.routeOptions.config.secretInResponse === true && reply.statusCode < 300
  return secret ? secretNotKept(request, body) : { status: reply.statusCode, headers, body }
}

class RolledBack extends Error {}

// A request whose answer never comes (a client gone, a bug) must not hold its transaction, and on PGlite the whole
// database, for ever.
const ANSWER_TIMEOUT_MS = 30_000

/**
 * Runs a POST handler with an Idempotency-Key inside one transaction that the routes' database joins; the answer
 * is serialized and stored before the commit, and goes out only once the commit succeeded.
 */
function inOneTransaction(db: Database, handler: RouteHandlerMethod): RouteHandlerMethod {
  return async function (this: FastifyInstance, request, reply) {
    const key = request.idempotencyKey
    if (typeof key !== 'string') return handler.call(this, request, reply)
    let give: (answer: StoredResponse) => void = () => {}
    const answer = new Promise<StoredResponse>((resolve, reject) => {
      give = resolve
      setTimeout(() => reject(new RolledBack('no answer in time')), ANSWER_TIMEOUT_MS).unref()
    })
    const open: OpenAnswer = { give: (a) => ((open.given = true), give(a)), given: false, committed: Promise.resolve() }
    request.openAnswer = open
    open.committed = db.transaction(async (tx) => {
      // A handler that sends its reply itself returns the reply, a thenable settled only once the answer is out,
      // which waits for this commit: so the answer, from onSend, is awaited rather than the handler.
      const handled = withTransaction(tx, async () => ({
        payload: (await handler.call(this, request, reply)) as unknown,
      }))
      handled.catch(() => {})
      const first = await Promise.race([answer, handled])
      if (!open.given && 'payload' in first && first.payload !== undefined) void reply.send(first.payload)
      const stored = await answer
      if (stored.status >= 500) throw new RolledBack('server error')
      await storeAnswer(tx, request.auth.workspaceId, key, stored)
    })
    try {
      await open.committed
      request.idempotencyKey = null
    } catch (error) {
      // Failed before answering: nothing was written; the error handler answers and the key is settled as usual.
      if (!open.given) {
        request.openAnswer = null
        throw error
      }
    }
    return reply
  }
}

export function idempotency(app: FastifyInstance, db: Database): void {
  app.decorateRequest('idempotencyKey', null)
  app.decorateRequest('openAnswer', null)

  // preHandler runs after authentication and validation, so a rejected request stores nothing.
  const begin = async (request: FastifyRequest, reply: FastifyReply) => {
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
  }

  const finish = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const open = request.openAnswer
    if (open !== null && !open.given) {
      // The answer is decided: store it with the writes, and let it out only once they are committed.
      request.openAnswer = null
      open.give(answerOf(request, reply, payload))
      try {
        await open.committed
        return payload
      } catch (error) {
        if (!(error instanceof RolledBack)) throw error
      }
    }
    if (typeof request.idempotencyKey !== 'string') return payload
    try {
      await finishIdempotent(db, request.auth.workspaceId, request.idempotencyKey, answerOf(request, reply, payload))
    } catch (err) {
      // The database went away after the answer was decided: the answer still goes out, and the key,
      // left running, is taken as abandoned after its lease.
      request.log.warn({ err }, 'could not store the idempotent answer')
    }
    return payload
  }

  // Only POST routes take an Idempotency-Key, so only they carry its hooks: every other request skips them. They
  // come first among the route's own hooks, as they did when they were global.
  app.addHook('onRoute', (route) => {
    if (![route.method].flat().includes('POST')) return
    route.handler = inOneTransaction(db, route.handler)
    route.preHandler = [begin, ...[route.preHandler ?? []].flat()]
    route.onSend = [finish, ...[route.onSend ?? []].flat()]
  })
}
