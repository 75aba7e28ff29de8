// Builds the real app on a fresh database for one test file: in-memory PGlite by default,
// or a uniquely named Postgres database (created here, dropped in teardown) when DATABASE_URL is set.
import { Writable } from 'node:stream'
import type { LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { openDatabase, type DatabaseHandle } from '../src/db/client.js'
import type { App } from '../src/routes/route-deps.js'
import { createWorkspace } from '../src/services/workspaces/create-workspace.js'
import { injectThroughPrism } from './contract/inject.js'
import { storedMismatches } from './event-check.js'
import { databaseUrl, snapshotPglite, createTestDatabase, withAdmin } from './databases.js'

/** The webhook-secret key of test apps, so a test can run deliveries with the app's key (SecretBox.fromList). */
export const TEST_SECRET_KEYS = Buffer.alloc(32, 7).toString('base64')

interface Teardown {
  teardown: (fn: () => unknown) => void
}

/** Opens a fresh, migrated database (or an empty one) and registers its removal. */
export async function freshDatabase(t: Teardown, { migrated = true } = {}): Promise<DatabaseHandle & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL
  if (serverUrl === undefined || serverUrl === '') {
    const handle = migrated ? await snapshotPglite() : await openDatabase({})
    t.teardown(() => handle.close())
    return handle
  }
  const name = await createTestDatabase(serverUrl, { migrated })
  const url = databaseUrl(serverUrl, name)
  const handle = await openDatabase({ DATABASE_URL: url })
  t.teardown(async () => {
    await handle.close()
    await withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`))
  })
  return { ...handle, url }
}

/** Collects log lines so tests can look at what was logged. */
export class LogCapture extends Writable {
  lines: Record<string, unknown>[] = []
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    for (const line of chunk.toString().split('\n')) if (line.trim() !== '') this.lines.push(JSON.parse(line))
    done()
  }
}

export interface TestContext {
  app: App
  database: DatabaseHandle & { url?: string }
  workspaceId: string
  adminKey: string
  logs: LogCapture
  call: (method: string, url: string, options?: CallOptions) => Promise<LightMyRequestResponse>
  newWorkspace: (name?: string) => Promise<{ workspaceId: string; adminKey: string }>
}

export interface CallOptions {
  key?: string | null
  body?: unknown
  headers?: Record<string, string>
}

export async function buildTestApp(
  t: Teardown,
  overrides: Partial<Config> = {},
  clock?: () => Date,
): Promise<TestContext> {
  const database = await freshDatabase(t)
  const logs = new LogCapture()
  const config = { ...loadConfig({}), LOG_LEVEL: 'info' as const, WEBHOOK_SECRET_KEYS: TEST_SECRET_KEYS, ...overrides }
  const app = await buildApp({ config, db: database.db, logStream: logs, ...(clock === undefined ? {} : { clock }) })
  t.teardown(() => app.close())
  // Runs before the app and the database close (teardowns run last first): what the test wrote must match the document.
  t.teardown(async () => {
    const mismatches = await storedMismatches(database.db)
    if (mismatches.length > 0)
      throw new Error(`stored events or evaluations off their schema:\n${mismatches.join('\n')}`)
  })
  injectThroughPrism(app)
  const newWorkspace = async (name = 'Test workspace') => {
    const created = await database.db.transaction((tx) => createWorkspace(tx, name))
    return { workspaceId: created.workspace.id, adminKey: created.key }
  }
  const first = await newWorkspace()
  const call = (method: string, url: string, options: CallOptions = {}) => {
    const key = options.key === undefined ? first.adminKey : options.key
    const headers: Record<string, string> = {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...options.headers,
    }
    return app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(options.body === undefined ? {} : { payload: options.body as object }),
    })
  }
  return { app, database, logs, call, newWorkspace, ...first }
}
