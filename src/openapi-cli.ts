// `npm run openapi`: writes the OpenAPI document the app serves to openapi/openapi.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { openDatabase } from './db/client.js'

export async function generateOpenApi(): Promise<string> {
  // The document needs no data: an empty in-memory database is enough to build the app.
  const database = await openDatabase({})
  const app = await buildApp({ config: { ...loadConfig({}), LOG_LEVEL: 'silent' }, db: database.db })
  const json = JSON.stringify(app.swagger(), null, 2) + '\n'
  await app.close()
  await database.close()
  return json
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = new URL('../openapi/openapi.json', import.meta.url)
  mkdirSync(new URL('.', target), { recursive: true })
  writeFileSync(target, await generateOpenApi())
  console.log(`wrote ${target.pathname}`)
}
