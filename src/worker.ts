// The webhook delivery worker: started inside the service, or on its own with `npm run worker`.
import closeWithGrace from 'close-with-grace'
import pino, { type Logger } from 'pino'
import type { FastifyBaseLogger } from 'fastify'
import { loadConfig, type Config } from './config.js'
import { openDatabase, type Database } from './db/client.js'
import { startDeliveryLoop, type Loop } from './services/webhooks/delivery-loop.js'

export function startWorker (db: Database, config: Config, log: Logger | FastifyBaseLogger): Loop {
  log.info({ pollMs: config.WEBHOOK_POLL_MS }, 'webhook delivery worker started')
  return startDeliveryLoop(db, {
    pollMs: config.WEBHOOK_POLL_MS,
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    allowLoopback: config.WEBHOOK_ALLOW_LOOPBACK,
    onError: (err) => log.error({ err }, 'webhook delivery round failed')
  })
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig(process.env)
  const log = pino({ level: config.LOG_LEVEL })
  const database = await openDatabase(config)
  await database.migrate()
  const worker = startWorker(database.db, config, log)
  closeWithGrace({ delay: 10_000 }, async () => {
    await worker.stop()
    await database.close()
  })
}
