// Bearer API-key authentication and scope checks; routes marked `config.public` skip it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Database } from '../db/client.js'
import { AppError } from '../errors.js'
import type { AuthFailures } from './auth-failures.js'
import { authenticate, cachedAuth, type AuthContext, type KeyLookup } from '../services/api-keys/authenticate.js'
import { allows, type Scope } from '../services/api-keys/scopes.js'
import { hashKey } from '../services/api-keys/secrets.js'

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext
  }
  interface FastifyContextConfig {
    /** Open without a key (health, docs). */
    public?: boolean
    /** The scope the route needs; by default read for GET and HEAD, write otherwise. */
    scope?: Scope
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization
  const match = header === undefined ? null : /^Bearer\s+(\S{1,512})\s*$/i.exec(header)
  return match?.[1]
}

/** The scope a route needs; the OpenAPI document states it from here too, so the two cannot disagree. */
export function requiredScope(
  method: string,
  config: { public?: boolean; scope?: Scope } | undefined,
): Scope | undefined {
  if (config?.public === true) return undefined
  return config?.scope ?? (method === 'GET' || method === 'HEAD' ? 'read' : 'write')
}

function tooManyFailures(reply: FastifyReply, seconds: number): AppError {
  reply.header('retry-after', String(seconds))
  return new AppError('RATE_LIMITED', `too many failed authentications from this address; retry in ${seconds} s`)
}

export function apiKeyAuth(app: FastifyInstance, db: Database, keys: KeyLookup, failures: AuthFailures): void {
  app.decorateRequest('auth', null, [])

  /** Lets the request through with `auth`, or refuses it for its scope. */
  function admit(request: FastifyRequest, auth: AuthContext, hash: string, scope: Scope): void {
    failures.succeeded(request, hash)
    if (!allows(auth.scopes, scope))
      throw new AppError(
        'FORBIDDEN',
        `this operation needs the "${scope}" scope; the key has ${auth.scopes.join(', ')}`,
      )
    request.auth = auth
  }

  async function slowPath(
    request: FastifyRequest,
    reply: FastifyReply,
    token: string | undefined,
    hash: string | undefined,
    scope: Scope,
  ) {
    const wait = await failures.refused(request, hash)
    if (wait !== undefined) throw tooManyFailures(reply, wait)
    const auth = hash === undefined ? undefined : await authenticate(db, keys, hash)
    if (hash === undefined || auth === undefined) {
      const over = await failures.failed(request)
      if (over !== undefined) throw tooManyFailures(reply, over)
      reply.header('www-authenticate', 'Bearer')
      throw new AppError(
        'UNAUTHENTICATED',
        token === undefined ? 'send an API key as "Authorization: Bearer <key>"' : 'the API key is unknown or revoked',
      )
    }
    admit(request, auth, hash, scope)
  }

  // Callback style, so the common case (a key this instance has cached, already used from this address, which the
  // failure budget never refuses) runs without a promise; anything else takes the asynchronous path above.
  app.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions
    // Unmatched routes have no url here: they fall through to the 404/405 handler.
    const scope = requiredScope(request.method, route.config)
    if (scope === undefined || route.url === undefined) return done()
    const token = bearerToken(request)
    // Hashed once, for the key lookup and the failure budget alike.
    const hash = token === undefined ? undefined : hashKey(token)
    if (hash !== undefined) {
      const auth = failures.known(request, hash) ? cachedAuth(keys, hash) : undefined
      if (auth !== undefined) {
        try {
          admit(request, auth, hash, scope)
        } catch (error) {
          return done(error as Error)
        }
        return done()
      }
    }
    slowPath(request, reply, token, hash, scope).then(() => done(), done)
  })
}
