// Builds the Fastify application from injected config and database; it never listens.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import type { DestinationStream } from 'pino'
import type { Config } from './config.js'
import { ambientDatabase } from './db/ambient.js'
import type { Database } from './db/client.js'
import { listenForInvalidations } from './db/listen.js'
import { apiKeyAuth } from './plugins/auth.js'
import { authFailureBudget } from './plugins/auth-failures.js'
import { idempotency } from './plugins/idempotency.js'
import { loggerOptions } from './plugins/logger.js'
import { bodyParsers } from './plugins/body-parsers.js'
import { clientErrorHandler, frameworkErrors, problemHandling } from './plugins/problem.js'
import { rateLimits } from './plugins/rate-limit.js'
import { echoRequestId, requestIdFrom } from './plugins/request-id.js'
import { openApi } from './plugins/swagger.js'
import { strictValidation } from './plugins/validation.js'
import { lazySerializers } from './plugins/serialization.js'
import { apiKeyRoutes } from './routes/api-keys.js'
import { columnMappingRoutes } from './routes/column-mappings.js'
import type { App, RouteDeps } from './routes/route-deps.js'
import { eventRoutes } from './routes/events.js'
import { healthRoutes } from './routes/health.js'
import { learningRoutes } from './routes/learning.js'
import { leadTransferRoutes } from './routes/lead-transfer.js'
import { leadTransitionRoutes } from './routes/lead-transitions.js'
import { leadRoutes } from './routes/leads.js'
import { opportunityRoutes } from './routes/opportunities.js'
import { prospectRoutes } from './routes/prospects.js'
import { meRoutes } from './routes/me.js'
import { qualificationRoutes } from './routes/qualifications.js'
import { reportRoutes } from './routes/reports.js'
import { jobRoutes } from './routes/jobs.js'
import { rubricRoutes } from './routes/rubrics.js'
import { settingsRoutes } from './routes/settings.js'
import { webhookRoutes } from './routes/webhooks.js'
import { KeyUsage } from './services/api-keys/key-usage.js'
import { Caches } from './services/cache/caches.js'
import { jobOptions, JobRunner } from './services/jobs/job-runner.js'
import { SecretBox } from './services/webhooks/secret-box.js'

export interface AppOptions {
  config: Config
  db: Database
  /** Where logs go; stdout when not given. */
  logStream?: DestinationStream
  /** The current time; the system clock when not given. */
  clock?: () => Date
  /**
   * Encrypts webhook secrets at rest. The entry points pass the configured or key-file one; otherwise the keys of
   * WEBHOOK_SECRET_KEYS, or a key for this app's life only (tests, the document generator).
   */
  secrets?: SecretBox
}

const routes: ((app: App, deps: RouteDeps) => void)[] = [
  healthRoutes,
  meRoutes,
  apiKeyRoutes,
  rubricRoutes,
  columnMappingRoutes,
  learningRoutes,
  qualificationRoutes,
  leadRoutes,
  leadTransferRoutes,
  leadTransitionRoutes,
  prospectRoutes,
  opportunityRoutes,
  eventRoutes,
  settingsRoutes,
  jobRoutes,
  webhookRoutes,
  reportRoutes,
]

export async function buildApp({
  config,
  db,
  logStream,
  clock = () => new Date(),
  secrets = config.WEBHOOK_SECRET_KEYS === undefined
    ? SecretBox.ephemeral()
    : SecretBox.fromList(config.WEBHOOK_SECRET_KEYS),
}: AppOptions): Promise<App> {
  const app = Fastify({
    logger: loggerOptions(config.LOG_LEVEL, logStream),
    genReqId: requestIdFrom,
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    trustProxy: config.TRUST_PROXY,
    routerOptions: { ignoreTrailingSlash: true },
    // Every error answer is a problem document, even those Fastify and Node would otherwise write themselves.
    frameworkErrors,
    clientErrorHandler,
    return503OnClosing: false,
    schemaController: { compilersFactory: { buildSerializer: lazySerializers() } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  strictValidation(app)
  bodyParsers(app)
  problemHandling(app)
  echoRequestId(app)
  const caches = new Caches(config)
  const usage = new KeyUsage(db, config.KEY_USAGE_FLUSH_MS, (err) => app.log.warn({ err }, 'could not record key use'))
  const stopListening = await listenForInvalidations(db, { message: caches.invalidate, reset: caches.clear })
  const jobs = new JobRunner(db, jobOptions(config, clock, caches.compiled), (err) =>
    app.log.error({ err }, 'job failed'),
  )
  app.addHook('onClose', async () => {
    await jobs.stop()
    await stopListening().catch(() => {})
    await usage.close().catch((err: unknown) => app.log.warn({ err }, 'could not record key use'))
  })
  // The rate-limit plugin (root-level, not encapsulated) provides the store the failed-authentication budget counts in.
  await rateLimits(app, config)
  apiKeyAuth(app, db, { cache: caches.apiKeys, usage }, authFailureBudget(app, config))
  idempotency(app, db)
  await openApi(app)
  // Routes get a handle that joins the request's transaction when it has one (see the idempotency plugin).
  const routeDb = ambientDatabase(db)
  for (const register of routes) register(app, { db: routeDb, clock, config, caches, jobs, secrets })
  await app.ready()
  return app
}
