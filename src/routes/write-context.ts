// What a request tells a use case that writes: who asks, at what time, and how (dry run, If-Match); and the ETag
// its answer carries.
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Actor, WriteOptions } from '../services/lifecycle/actor.js'
import { etagOf } from '../services/lifecycle/unit-of-work.js'

/** Who is asking, for use cases that record changes. */
export const actorOf = (request: FastifyRequest, now: Date): Actor => ({
  workspaceId: request.auth.workspaceId,
  keyId: request.auth.keyId,
  scopes: request.auth.scopes,
  requestId: request.id,
  now,
  log: request.log,
})

export function writeOptions(request: FastifyRequest): WriteOptions {
  const query = request.query as { dry_run?: boolean } | undefined
  const ifMatch = request.headers['if-match']
  return { dryRun: query?.dry_run === true, ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined }
}

/** Sets the strong ETag of a single-resource response; a dry run's would-be version has none. */
export function withEtag<T extends { version: number }>(reply: FastifyReply, resource: T): T {
  if ((reply.request.query as { dry_run?: boolean } | undefined)?.dry_run !== true)
    reply.header('etag', etagOf(resource.version))
  return resource
}
