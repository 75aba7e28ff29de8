// Entry point: load config, open and migrate the database, bootstrap the first key, listen, shut down gracefully.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.js'
import { ConfigError, loadConfig, type Config } from './config.js'
import { openDatabase, type DatabaseHandle } from './db/client.js'
import { startupProblem } from './db/errors.js'
import { bootstrapWorkspace } from './services/workspaces/create-workspace.js'
import { prepareWebhookSecrets, startWorker, webhookSecretBox } from './worker.js'

function configOrExit(): Config {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(error.message)
    process.exit(1)
  }
}

/** Opens and migrates the database, or says in one line why it cannot (no stack trace for a wrong URL). */
async function databaseOrExit(config: Config): Promise<DatabaseHandle> {
  const database = await openDatabase(config)
  try {
    await database.migrate()
    return database
  } catch (error) {
    const reason = startupProblem(error, config.DATABASE_URL)
    if (reason === undefined) throw error
    console.error(reason)
    process.exit(1)
  }
}

const config = configOrExit()
const database = await databaseOrExit(config)
const secrets = webhookSecretBox(config)
const app = await buildApp({ config, db: database.db, secrets })
await prepareWebhookSecrets(database.db, config, secrets, app.log)

const bootstrapped = await bootstrapWorkspace(database.db, config.BOOTSTRAP_API_KEY)
if (bootstrapped !== undefined && config.BOOTSTRAP_API_KEY === undefined) {
  // Printed once, on its own line rather than inside a JSON log line: it is the only way into a new installation.
  app.log.warn('created the default workspace and its admin API key; the key is printed once below, keep it')
  process.stdout.write(`\nAdmin API key (shown only now): ${bootstrapped.key}\n\n`)
} else if (bootstrapped !== undefined) {
  app.log.info(
    { workspace: bootstrapped.workspace.id },
    'created the default workspace with BOOTSTRAP_API_KEY as its admin key',
  )
} else if (config.BOOTSTRAP_API_KEY !== undefined) {
  app.log.warn(
    'BOOTSTRAP_API_KEY is ignored: it only seeds an empty database, and this one already has a workspace. ' +
      'Use a key of that workspace, or start on an empty DATA_DIR or database',
  )
}
if (database.kind === 'pglite') {
  app.log.info(
    { dataDir: config.DATA_DIR },
    'using the embedded PGlite database: fine for trying and developing, not for production data (set DATABASE_URL)',
  )
}

// Webhook deliveries run in this process unless WEBHOOK_WORKER=false (then run `npm run worker` separately).
const worker = config.WEBHOOK_WORKER ? startWorker(database.db, config, app.log, secrets) : undefined

closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err !== undefined) app.log.error({ err }, 'shutting down after an error')
  else app.log.info({ signal }, 'shutting down')
  await app.close()
  await worker?.stop()
  await database.close()
})

await app.listen({ port: config.PORT, host: config.HOST })
