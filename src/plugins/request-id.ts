// Request ids: an incoming X-Request-Id is honoured when it looks sane, and every response carries one.
import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { IncomingMessage } from 'node:http'

const SANE_ID = /^[\w.:@-]{1,128}$/

export function requestIdFrom(request: IncomingMessage): string {
  const incoming = request.headers['x-request-id']
  return typeof incoming === 'string' && SANE_ID.test(incoming) ? incoming : randomUUID()
}

export function echoRequestId(app: FastifyInstance): void {
  // Callback style: no promise per request for one header.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })
}
