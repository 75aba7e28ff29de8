// Entry point: load config, open and migrate the database, bootstrap the first key, listen, shut down gracefully.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { openDatabase } from './db/client.js'
import { bootstrapWorkspace } from './services/workspaces/create-workspace.js'
import { startWorker } from './worker.js'

function configOrExit(): Config {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}

const config = configOrExit()
const database = await openDatabase(config)
await database.migrate()
const app = await buildApp({ config, db: database.db })

const bootstrapped = await bootstrapWorkspace(database.db, config.BOOTSTRAP_API_KEY)
if (bootstrapped !== undefined && config.BOOTSTRAP_API_KEY === undefined) {
  // Printed once, on purpose: it is the only way to get in to a new installation without BOOTSTRAP_API_KEY.
  app.log.warn(
    `Created workspace "${bootstrapped.workspace.name}" and its admin API key. It is shown only now; keep it:\n\n    ${bootstrapped.key}\n\nUse it as "Authorization: Bearer <key>". Set BOOTSTRAP_API_KEY to choose the first key yourself.`,
  )
} else if (bootstrapped !== undefined) {
  app.log.info(
    { workspace: bootstrapped.workspace.id },
    'created the default workspace with BOOTSTRAP_API_KEY as its admin key',
  )
}
if (database.kind === 'pglite') {
  app.log.info(
    { dataDir: config.DATA_DIR },
    'using the embedded PGlite database: fine for trying and developing, not for production data (set DATABASE_URL)',
  )
}

// Webhook deliveries run in this process unless WEBHOOK_WORKER=false (then run `npm run worker` separately).
const worker = config.WEBHOOK_WORKER ? startWorker(database.db, config, app.log) : undefined

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  await app.close()
  await worker?.stop()
  await database.close()
})

await app.listen({ port: config.PORT, host: config.HOST })
