// Opens the database: a node-postgres Pool when DATABASE_URL is set, otherwise PGlite persisted under DATA_DIR.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PGlite, types, type PGliteOptions } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import * as schema from './schema.js'

export type Schema = typeof schema
/** What both drivers answer a raw statement with (pg's QueryResult, PGlite's Results): at least its rows. */
export interface RowsResult extends PgQueryResultHKT {
  readonly type: Rows<this['row']>
}
type Rows<R> = { rows: R[] }
/** One type for both drivers; `$client` is the driver's own handle (the invalidation listener needs it). */
export type Database = PgDatabase<RowsResult, Schema> & { $client: pg.Pool | PGlite }
export type Transaction = PgTransaction<RowsResult, Schema, ExtractTablesWithRelations<Schema>>
/** What repositories accept, so a use case can compose them inside one transaction. */
export type Db = Database | Transaction

export interface DatabaseHandle {
  db: Database
  kind: 'postgres' | 'pglite'
  migrate: () => Promise<void>
  close: () => Promise<void>
}

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url))
// Any constant will do; it keeps two instances starting together from migrating at once.
const MIGRATION_LOCK = 4_711_042

export interface DatabaseOptions {
  DATABASE_URL?: string | undefined
  /** A folder for PGlite, or undefined for an in-memory database (tests). */
  DATA_DIR?: string | undefined
  /** How long a query waits for a pooled Postgres connection, or for a new one to connect (default 5 s). */
  POOL_WAIT_MS?: number | undefined
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.DATABASE_URL !== undefined
    ? openPostgres(options.DATABASE_URL, options.POOL_WAIT_MS ?? 5_000)
    : openPglite(options.DATA_DIR)
}

function openPostgres(url: string, waitMs: number): DatabaseHandle {
  // Without a connect timeout a request would hang while the server is unreachable instead of failing fast (503).
  // JIT off: on the funnel report over 200,000 leads, LLVM spent 5.5 s of 11.5 s compiling (EXPLAIN ANALYZE); no
  // query of this service runs long enough to win that back.
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: waitMs, options: '-c jit=off' })
  // A client that loses its server (a restart: 57P01) emits 'error'; with no listener that event kills the process.
  // The pool listens only to idle clients, so every client gets one: the query in flight reports the failure.
  pool.on('error', () => {})
  pool.on('connect', (client) => client.on('error', () => {}))
  return {
    db: drizzlePg({ client: pool, schema }),
    kind: 'postgres',
    async migrate() {
      const client = await pool.connect()
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK])
        await migratePg(drizzlePg({ client, schema }), { migrationsFolder })
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true })
  return pgliteHandle(await createPglite(dataDir === undefined ? {} : { dataDir }))
}

// A JSON document already encoded (json-rows.ts) is sent as it is, in the binary format, which for json is its text:
// as a string, PGlite measured the UTF-8 length of an import chunk's megabytes twice, in JavaScript, char by char.
// An array of documents (json[], jsonb[]) is only ever sent so, already encoded.
const DOCUMENT_ARRAYS = [199, 3807]
const passBytes = (serialize: (value: unknown) => string) => (value: unknown) =>
  (ArrayBuffer.isView(value) ? value : serialize(value)) as string
const { serializers } = types

/** PGlite as this service opens it (the tests too). */
export function createPglite(options: PGliteOptions = {}): Promise<PGlite> {
  return PGlite.create({
    ...options,
    serializers: {
      [types.JSON]: passBytes(serializers[types.JSON]!),
      [types.JSONB]: passBytes(serializers[types.JSONB]!),
      ...Object.fromEntries(DOCUMENT_ARRAYS.map((oid) => [oid, passBytes(String)])),
    },
  })
}

/** Wraps an open PGlite (tests start theirs from a migrated snapshot). */
export function pgliteHandle(client: PGlite): DatabaseHandle {
  const db = drizzlePglite({ client, schema })
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    close: () => client.close(),
  }
}

/** True when the database answers a trivial query. */
export async function ping(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`)
    return true
  } catch {
    return false
  }
}
