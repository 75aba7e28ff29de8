// The Fastify instance type routes are written against, and what they are given.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify'
import type { Config } from '../config.js'
import type { Database } from '../db/client.js'
import type { Caches } from '../services/cache/caches.js'
import type { JobRunner } from '../services/jobs/job-runner.js'
import type { SecretBox } from '../services/webhooks/secret-box.js'
import type { Actor, WriteOptions } from '../services/lifecycle/actor.js'
import { etagOf } from '../services/lifecycle/unit-of-work.js'

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

export interface RouteDeps {
  db: Database
  config: Config
  /** The current time; tests may fix it. */
  clock: () => Date
  caches: Caches
  /** Runs queued jobs in this process. */
  jobs: JobRunner
  /** Encrypts webhook signing secrets at rest. */
  secrets: SecretBox
}

/** Who is asking, for use cases that record changes. */
export const actorOf = (request: FastifyRequest, now: Date): Actor => ({
  workspaceId: request.auth.workspaceId,
  keyId: request.auth.keyId,
  scopes: request.auth.scopes,
  requestId: request.id,
  now,
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
