// The background worker: webhook deliveries, queued jobs and the daily rescoring; inside the service or on its own
// with `npm run worker`.
import closeWithGrace from 'close-with-grace'
import pino, { type Logger } from 'pino'
import type { FastifyBaseLogger } from 'fastify'
import { loadConfig, type Config } from './config.js'
import { openDatabase, type Database } from './db/client.js'
import { plainLoggerOptions } from './plugins/logger.js'
import { purgeExpired } from './services/idempotency/idempotency.js'
import { queueDailyRescores } from './services/jobs/daily-rescore.js'
import { CompiledRubrics } from './services/cache/compiled-rubrics.js'
import { jobOptions, JobRunner } from './services/jobs/job-runner.js'
import { startDeliveryLoop, type Loop } from './services/webhooks/delivery-loop.js'
import { reencryptWebhookSecrets } from './services/webhooks/reencrypt-secrets.js'
import { SecretBox } from './services/webhooks/secret-box.js'

const PURGE_EVERY_MS = 10 * 60_000

/** The keys of WEBHOOK_SECRET_KEYS, or else a key file in DATA_DIR made on first start. */
export const webhookSecretBox = (config: Config): SecretBox =>
  config.WEBHOOK_SECRET_KEYS === undefined
    ? SecretBox.fromKeyFile(config.DATA_DIR)
    : SecretBox.fromList(config.WEBHOOK_SECRET_KEYS)

/** Re-encrypts rows still plain or under an older key with the first key; run at start, before deliveries. */
export async function prepareWebhookSecrets(
  db: Database,
  config: Config,
  box: SecretBox,
  log: Logger | FastifyBaseLogger,
): Promise<void> {
  if (config.WEBHOOK_SECRET_KEYS === undefined && config.DATABASE_URL !== undefined)
    log.warn(
      'WEBHOOK_SECRET_KEYS is not set: webhook secrets are encrypted with a key file in DATA_DIR; every instance ' +
        'and worker on this database needs the same key, so set WEBHOOK_SECRET_KEYS when there is more than one',
    )
  const changed = await reencryptWebhookSecrets(db, box)
  if (changed > 0) log.info({ changed }, 're-encrypted webhook secrets with the first key')
}

export function startWorker(db: Database, config: Config, log: Logger | FastifyBaseLogger, secrets: SecretBox): Loop {
  log.info({ pollMs: config.WEBHOOK_POLL_MS }, 'webhook delivery worker started')
  // Housekeeping rides along: stored Idempotency-Key answers expire after 24 h.
  const purge = setInterval(() => {
    purgeExpired(db).catch((err: unknown) => log.error({ err }, 'idempotency purge failed'))
  }, PURGE_EVERY_MS)
  const loop = startDeliveryLoop(db, {
    pollMs: config.WEBHOOK_POLL_MS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    // A claim must outlast the slowest send, or a second worker would send the same delivery meanwhile.
    lockSeconds: Math.ceil(config.WEBHOOK_TIMEOUT_MS / 1000) + 30,
    allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK,
    secrets,
    onError: (err) => log.error({ err }, 'webhook delivery round failed'),
  })
  const jobs = startJobs(db, config, log)
  return {
    async stop() {
      clearInterval(purge)
      await jobs.stop()
      await loop.stop()
    },
  }
}

/**
 * Polls for jobs queued by other instances (or left by a dead one) and, hourly by default, queues the daily rescoring.
 */
function startJobs(db: Database, config: Config, log: Logger | FastifyBaseLogger): Loop {
  const runner = new JobRunner(
    db,
    jobOptions(config, () => new Date(), new CompiledRubrics()),
    (err) => log.error({ err }, 'job failed'),
  )
  const poll = setInterval(() => runner.kick(), config.JOB_POLL_MS)
  const daily = async () => {
    const queued = await queueDailyRescores(db)
    if (queued > 0) log.info({ queued }, 'queued the daily rescoring')
    runner.kick()
  }
  const check = setInterval(() => {
    daily().catch((err: unknown) => log.error({ err }, 'daily rescoring check failed'))
  }, config.RESCORE_CHECK_MS)
  return {
    async stop() {
      clearInterval(poll)
      clearInterval(check)
      await runner.stop()
    },
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig(process.env)
  const log = pino(plainLoggerOptions(config.LOG_LEVEL))
  const database = await openDatabase(config)
  await database.migrate()
  const secrets = webhookSecretBox(config)
  await prepareWebhookSecrets(database.db, config, secrets, log)
  const worker = startWorker(database.db, config, log, secrets)
  closeWithGrace({ delay: 10_000 }, async () => {
    await worker.stop()
    await database.close()
  })
}
