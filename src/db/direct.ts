// The hottest reads run straight through the driver as a named prepared statement, rows mapped by the table's own
// columns: what Drizzle's prepared query does, without its layers (spans, cache checks, per-column entity checks).
import { PGlite } from '@electric-sql/pglite'
import { getTableColumns, getTableName } from 'drizzle-orm'
import { DrizzleQueryError } from 'drizzle-orm/errors'
import { PgTransaction, type PgTable } from 'drizzle-orm/pg-core'
import pg from 'pg'
import { resolveAmbient } from './ambient.js'
import type { Database, Db } from './client.js'

// Dates and intervals come as text and are read by the column (as Drizzle's drivers set it up), the rest as pg does.
const AS_TEXT = [
  pg.types.builtins.TIMESTAMPTZ,
  pg.types.builtins.TIMESTAMP,
  pg.types.builtins.DATE,
  pg.types.builtins.INTERVAL,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
]
const asText = (value: string) => value
// pg asks for every column of every result: answered from a map once seen.
const textParsers = new Map<number, (value: string) => unknown>()
const pgTypes = {
  getTypeParser(oid: number) {
    let parser = textParsers.get(oid)
    if (parser === undefined)
      textParsers.set(oid, (parser = AS_TEXT.includes(oid) ? asText : pg.types.getTypeParser(oid, 'text')))
    return parser
  },
}
const pgliteParsers = Object.fromEntries(AS_TEXT.map((oid) => [oid, asText]))

export interface DirectSelect<Row> {
  /** The rows `where` selects, with `params` as $1, $2...; inside a transaction, `fallback` runs there instead. */
  run(db: Db, params: unknown[], fallback: (db: Db) => Promise<Row[]>): Promise<Row[]>
}

/** `select <every column of table> from table where <where>`, prepared once per connection under `name`. */
export function directSelect<T extends PgTable>(
  name: string,
  table: T,
  where: string,
): DirectSelect<T['$inferSelect']> {
  type Row = T['$inferSelect']
  const columns = Object.entries(getTableColumns(table))
  const text = `select ${columns.map(([, c]) => `"${c.name}"`).join(', ')} from "${getTableName(table)}" where ${where}`
  const toRow = (values: unknown[]): Row => {
    const row: Record<string, unknown> = {}
    for (let i = 0; i < columns.length; i++) {
      const [key, column] = columns[i]!
      const value = values[i]
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value)
    }
    return row as Row
  }
  return {
    async run(db, params, fallback) {
      const handle = resolveAmbient(db)
      // A transaction's queries belong to its connection, which only Drizzle's handle knows.
      if (handle instanceof PgTransaction) return fallback(handle)
      const client = (handle as Database).$client
      let result: { rows: unknown[][] }
      try {
        result =
          client instanceof PGlite
            ? await client.query<unknown[]>(text, params, { rowMode: 'array', parsers: pgliteParsers })
            : await client.query<unknown[]>({ name, text, values: params, rowMode: 'array', types: pgTypes })
      } catch (error) {
        // The same error Drizzle raises, so logs and error mapping see one shape whichever path ran.
        throw new DrizzleQueryError(text, params, error as Error)
      }
      return result.rows.map(toRow)
    },
  }
}
