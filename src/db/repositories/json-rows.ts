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
  const fields = set.filter(([, column]) => !isDocument(column))
  const records = rows.map((row) => {
    const record: Record<string, unknown> = {}
    for (const [key, column] of fields) {
      const value = (row as Record<string, unknown>)[key]
      record[column.name] = value === undefined ? (column.defaultFn?.() ?? null) : value
    }
    return record
  })
  const documents = set
    .filter(([, column]) => isDocument(column))
    .map(([key]) => jsonArray(rows.map((row) => (row as Record<string, unknown>)[key])))
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
    sql`insert into ${table} (${names}) ${rowsFrom(table, set, JSON.stringify(records), documents)}${
      options.skipConflicts === true ? sql` on conflict do nothing` : sql``
    }${returning}`,
  )
  return inserted.map((row) => fromDriverRow(back, row) as Partial<T['$inferSelect']>)
}

/**
 * The rows of the JSON array `text` as the columns `set`. Read as json, a row is split into fields in one pass and each
 * field goes through its column's input. A jsonb column would parse that text once more: where there is one, the array
 * is read as jsonb and each jsonb field taken from it. A json column (a document) is not in `text` but in its own array
 * of `documents`, zipped row by row, so the database checks each document once rather than lexing its text three
 * times (the parameter, the record, the column).
 */
function rowsFrom(table: PgTable, set: readonly (readonly [string, Column])[], text: string, documents: Buffer[]) {
  const select = sql.join(
    set.map(([, column]) => sql`r.${sql.identifier(column.name)}`),
    sql`, `,
  )
  if (documents.length > 0) {
    const fields = set.filter(([, column]) => !isDocument(column))
    const typed = fields.map(([, column]) => sql`${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}`)
    const arrays = documents.map((array) => sql`unnest(${array}::json[])`)
    const names = [...fields, ...set.filter(([, column]) => isDocument(column))].map(([, c]) => sql.identifier(c.name))
    return sql`select ${select} from rows from (json_to_recordset(${binary(text)}::json) as (${sql.join(typed, sql`, `)}),
      ${sql.join(arrays, sql`, `)}) as r(${sql.join(names, sql`, `)})`
  }
  if (set.every(([, column]) => column.getSQLType() !== 'jsonb'))
    return sql`select ${select} from json_populate_recordset(null::${table}, ${binary(text)}::json) as r`
  const values = set.map(([, column]) => fieldOf(column.name, column.getSQLType()))
  return sql`select ${sql.join(values, sql`, `)} from jsonb_array_elements(${binary(text, JSONB_VERSION)}::jsonb) as r`
}

const isDocument = (column: Column) => column.getSQLType() === 'json'

// The binary format of an array (array_recv): dimensions, a null flag, the element type, each dimension's length and
// lower bound, then each element as its length (-1 for null) and its binary form, which for json is its text.
const JSON_OID = 114

/** The values as a one-dimensional json[] parameter in the binary format, each encoded by itself. */
function jsonArray(values: readonly unknown[]): Buffer {
  const texts = values.map((value) =>
    value === null || value === undefined ? null : Buffer.from(JSON.stringify(value)),
  )
  const bytes = Buffer.allocUnsafe(20 + texts.reduce((sum, text) => sum + 4 + (text?.length ?? 0), 0))
  bytes.writeInt32BE(1, 0)
  bytes.writeInt32BE(texts.includes(null) ? 1 : 0, 4)
  bytes.writeUInt32BE(JSON_OID, 8)
  bytes.writeInt32BE(texts.length, 12)
  bytes.writeInt32BE(1, 16)
  let at = 20
  for (const text of texts) {
    at = bytes.writeInt32BE(text === null ? -1 : text.length, at)
    if (text !== null) at += text.copy(bytes, at)
  }
  return bytes
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
