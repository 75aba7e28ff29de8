// Hot queries built once per database and run as named prepared statements: no SQL rebuilt, no plan per request.
import { PgTransaction } from 'drizzle-orm/pg-core'
import { resolveAmbient } from './ambient.js'
import type { Db } from './client.js'

const built = new WeakMap<object, Map<unknown, unknown>>()

/**
 * `build(db)` prepared once for the database `db` stands for. Inside a transaction it is built for that transaction
 * (a prepared query belongs to the session it was made from), which costs what an ordinary query does.
 */
export function prepared<Q>(db: Db, build: (db: Db) => Q): Q {
  const handle = resolveAmbient(db)
  if (handle instanceof PgTransaction) return build(handle)
  let queries = built.get(handle)
  if (queries === undefined) built.set(handle, (queries = new Map()))
  let query = queries.get(build) as Q | undefined
  if (query === undefined) queries.set(build, (query = build(handle)))
  return query
}
