// The Fastify instance type routes are written against, and what buildApp gives them.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify'
import type { Config } from '../config.js'
import type { Database } from '../db/client.js'
import type { Caches } from '../services/cache/caches.js'
import type { JobRunner } from '../services/jobs/job-runner.js'
import type { SecretBox } from '../services/webhooks/secret-box.js'

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
