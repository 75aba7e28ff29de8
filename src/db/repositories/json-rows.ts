// Multi-row inserts for imports, with all the rows sent as one JSON parameter: binding thousands of values costs the
// query builder and the driver far more than the database spends storing the rows.
import { getTableColumns, sql, type Column } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../client.js'
import { rowsOf } from './reports.js'

export interface JsonInsertOptions<Key> {
  /** Rows whose unique key is taken are skipped (the caller compares what came back). */
  skipConflicts?: boolean
  returning?: readonly Key[]
}

/**
 * Inserts the rows in order and answers the `returning` columns of those inserted, keyed as the table's fields.
 * A column no row sets keeps its default; one some rows set is null in the others.
 */
export async function insertJsonRows<T extends PgTable>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: JsonInsertOptions<keyof T['$inferSelect'] & string> = {},
): Promise<Partial<T['$inferSelect']>[]> {
  if (rows.length === 0) return []
  const all = Object.entries(getTableColumns(table))
  const given = (key: string) => rows.some((row) => (row as Record<string, unknown>)[key] !== undefined)
  // A column with a default made in the app (ordered ids) gets it where a row leaves it out, as Drizzle's insert
  // does: the database's random id would land on a random leaf of the primary key.
  const set = all.filter(([key, column]) => column.defaultFn !== undefined || given(key))
  // JSON.stringify writes a Date as its ISO instant, which the timestamp columns read back exactly.
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {}
    for (const [key, column] of set) {
      const value = (row as Record<string, unknown>)[key]
      record[column.name] = value === undefined ? (column.defaultFn?.() ?? null) : value
    }
    return record
  })
  const names = sql.join(
    set.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  )
  const wanted = new Set<string>(options.returning ?? [])
  const back = all.filter(([key]) => wanted.has(key))
  const returning =
    back.length === 0
      ? sql``
      : sql` returning ${sql.join(
          back.map(([, column]) => sql.identifier(column.name)),
          sql`, `,
        )}`
  const inserted = await rowsOf<Record<string, unknown>>(
    db,
    sql`insert into ${table} (${names}) ${rowsFrom(table, set, JSON.stringify(records))}${
      options.skipConflicts === true ? sql` on conflict do nothing` : sql``
    }${returning}`,
  )
  return inserted.map((row) => fromDriverRow(back, row) as Partial<T['$inferSelect']>)
}

/**
 * The rows of the JSON array `text` as the columns `set`. Read as json, a row is split into fields in one pass and each
 * field goes through its column's input, so a json column stores its field's text as it is. A jsonb column would
 * parse that text once more: where there is one, the array is read as jsonb and each jsonb field taken from it.
 */
function rowsFrom(table: PgTable, set: readonly (readonly [string, Column])[], text: string) {
  if (set.every(([, column]) => column.getSQLType() !== 'jsonb'))
    return sql`select ${sql.join(
      set.map(([, column]) => sql`r.${sql.identifier(column.name)}`),
      sql`, `,
    )} from json_populate_recordset(null::${table}, ${binary(text)}::json) as r`
  const values = set.map(([, column]) => fieldOf(column.name, column.getSQLType()))
  return sql`select ${sql.join(values, sql`, `)} from jsonb_array_elements(${binary(text, JSONB_VERSION)}::jsonb) as r`
}

// The binary format of jsonb is a version byte, then the text; json's is the text alone.
const JSONB_VERSION = 1

/** A document as a parameter in the binary format: both drivers send bytes as they are (see client.ts for PGlite). */
function binary(text: string, prefix?: number): Buffer {
  const start = prefix === undefined ? 0 : 1
  const bytes = Buffer.allocUnsafe(start + Buffer.byteLength(text))
  if (prefix !== undefined) bytes[0] = prefix
  bytes.write(text, start)
  return bytes
}

/**
 * One column read from the row `r`, as jsonb_to_recordset would (a JSON null is NULL, text goes through the type's
 * input), but about twice as cheap for Postgres: jsonb_to_recordset spent as much again as parsing the document.
 */
function fieldOf(name: string, type: string) {
  const key = sql`${name}::text`
  return type === 'jsonb' ? sql`nullif(r -> ${key}, 'null'::jsonb)` : sql`(r ->> ${key})::${sql.raw(type)}`
}

/**
 * A raw result row (as the driver gives it, timestamps as text, named by column) keyed by field, each column mapping
 * its own value back.
 */
export function fromDriverRow(
  columns: readonly (readonly [string, Column])[],
  raw: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    columns.map(([key, column]) => {
      const value = raw[column.name]
      return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)]
    }),
  )
}

/** Every field of the table set to null: the base of a row rebuilt from what was inserted and what came back. */
export const nullRow = <T extends PgTable>(table: T): Record<keyof T['$inferSelect'], null> =>
  Object.fromEntries(Object.keys(getTableColumns(table)).map((key) => [key, null])) as Record<
    keyof T['$inferSelect'],
    null
  >
