// Migrated databases for tests, made once per migration set instead of once per test file: a PGlite data-folder
// snapshot in the temp folder, or a Postgres template database. Both are named by a hash of the migrations, so a
// changed migration builds a new one; `test/cleanup.ts` (tap's `after` script) removes them at the end of a run.
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createPglite, openDatabase, pgliteHandle, type DatabaseHandle } from '../src/db/client.js'

const migrations = new URL('../migrations/', import.meta.url)
// Any constant: it keeps two test processes from building the same template at once.
const TEMPLATE_LOCK = 4_711_099

function migrationsHash(): string {
  const hash = createHash('sha256')
  const files = (folder: URL): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(new URL(`${entry.name}/`, folder)).map((f) => `${entry.name}/${f}`) : [entry.name],
    )
  for (const file of files(migrations).sort()) hash.update(file).update(readFileSync(new URL(file, migrations)))
  return hash.digest('hex').slice(0, 12)
}

export const snapshotPath = () => join(tmpdir(), `qualify-test-pglite-${migrationsHash()}.tar`)
export const templateName = () => `qualify_template_${migrationsHash()}`

/** An in-memory PGlite loaded from the migrated snapshot (made by the first caller). */
export async function snapshotPglite(): Promise<DatabaseHandle> {
  const path = snapshotPath()
  let tarball: Buffer
  try {
    tarball = readFileSync(path)
  } catch {
    tarball = await buildSnapshot(path)
  }
  return pgliteHandle(await createPglite({ loadDataDir: new Blob([tarball]) }))
}

async function buildSnapshot(path: string): Promise<Buffer> {
  const client = await createPglite()
  await pgliteHandle(client).migrate()
  const tarball = Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer())
  await client.close()
  // Written aside then renamed, so a process reading it never sees half a file.
  const partial = `${path}.${process.pid}`
  writeFileSync(partial, tarball)
  renameSync(partial, path)
  return tarball
}

/** Creates a uniquely named Postgres database, from the migrated template (made by the first caller) or empty. */
export async function createTestDatabase(serverUrl: string, { migrated = true } = {}): Promise<string> {
  const name = `qualify_test_${process.pid}_${randomBytes(4).toString('hex')}`
  if (!migrated) {
    await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}`))
    return name
  }
  const template = templateName()
  await withTemplateLock(serverUrl, async (admin) => {
    const found = await admin.query('select 1 from pg_database where datname = $1', [template])
    if (found.rowCount === 0) await buildTemplate(admin, serverUrl, template)
    await admin.query(`create database ${name} template ${template}`)
  })
  return name
}

/** Drops the template; under the lock, so that a run going on beside this one rebuilds it rather than fails. */
export const dropTemplate = (serverUrl: string) =>
  withTemplateLock(serverUrl, (admin) => admin.query(`drop database if exists ${templateName()} with (force)`))

function withTemplateLock<T>(serverUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  return withAdmin(serverUrl, async (admin) => {
    await admin.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK])
    try {
      return await work(admin)
    } finally {
      await admin.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK])
    }
  })
}

async function buildTemplate(admin: pg.Client, serverUrl: string, template: string): Promise<void> {
  const building = `${template}_building`
  await admin.query(`drop database if exists ${building} with (force)`)
  await admin.query(`create database ${building}`)
  const handle = await openDatabase({ DATABASE_URL: databaseUrl(serverUrl, building) })
  try {
    await handle.migrate()
  } finally {
    await handle.close()
  }
  await admin.query(`alter database ${building} rename to ${template}`)
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
