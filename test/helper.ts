// Builds the real app on a fresh database for one test file: in-memory PGlite by default,
// or a uniquely named Postgres database (created here, dropped in teardown) when DATABASE_URL is set.
import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import pg from 'pg'
import type { LightMyRequestResponse } from 'fastify'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { openDatabase, type DatabaseHandle } from '../src/db/client.js'
import type { App } from '../src/routes/app-type.js'
import { createWorkspace } from '../src/services/workspaces/create-workspace.js'

interface Teardown {
  teardown: (fn: () => unknown) => void
}

/** Opens a fresh, migrated database and registers its removal. */
export async function freshDatabase(t: Teardown): Promise<DatabaseHandle & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL
  if (serverUrl === undefined || serverUrl === '') {
    const handle = await openDatabase({})
    await handle.migrate()
    t.teardown(() => handle.close())
    return handle
  }
  const name = `qualify_test_${process.pid}_${randomBytes(4).toString('hex')}`
  await adminQuery(serverUrl, `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const handle = await openDatabase({ DATABASE_URL: url.toString() })
  t.teardown(async () => {
    await handle.close()
    await adminQuery(serverUrl, `drop database if exists ${name} with (force)`)
  })
  await handle.migrate()
  return { ...handle, url: url.toString() }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
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
  const config = { ...loadConfig({}), LOG_LEVEL: 'info' as const, ...overrides }
  const app = await buildApp({ config, db: database.db, logStream: logs, ...(clock === undefined ? {} : { clock }) })
  t.teardown(() => app.close())
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
