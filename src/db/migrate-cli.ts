// `npm run db:migrate`: applies the committed migrations to the configured database and exits.
import { loadConfig } from '../config.js'
import { openDatabase } from './client.js'

const config = loadConfig(process.env)
const handle = await openDatabase(config)
await handle.migrate()
await handle.close()
console.log(`migrations applied (${handle.kind})`)
