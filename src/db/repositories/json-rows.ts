// Multi-row inserts with all the rows sent as one JSON parameter (imports, and leads created together): binding
// thousands of values costs the query builder and the driver far more than the database spends storing the rows.
import { getTableColumns, sql, type Column, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Db } from '../client.js'
import { typedParam } from '../insert-from.js'
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
  // A value every row has (the workspace, the chunk's instant, the rubric) is one parameter, not a field of each row.
  const shared = new Map<string, SQL>()
  for (const [key, column] of set) {
    if (isDocument(column) || column.defaultFn !== undefined) continue
    const value = sharedValue(rows.map((row) => (row as Record<string, unknown>)[key] ?? null))
    if (value !== undefined) shared.set(key, typedParam(value, column))
  }
  // JSON.stringify writes a Date as its ISO instant, which the timestamp columns read back exactly.
  const fields = set.filter(([key, column]) => !isDocument(column) && !shared.has(key))
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
    .map(([key, column]): DocumentField => {
      const type = column.getSQLType()
      return [
        column.name,
        type,
        documentArray(
          type,
          rows.map((row) => (row as Record<string, unknown>)[key]),
        ),
      ]
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
    sql`insert into ${table} (${names}) select ${sql.join(
      set.map(([key, column]) => shared.get(key) ?? sql`r.${sql.identifier(column.name)}`),
      sql`, `,
    )} from ${rowsFromJson(
      binary(JSON.stringify(records)),
      fields.map(([, column]) => [column.name, column.getSQLType()]),
      documents,
    )}${options.skipConflicts === true ? sql` on conflict do nothing` : sql``}${returning}`,
  )
  return inserted.map((row) => fromDriverRow(back, row) as Partial<T['$inferSelect']>)
}

/** The value all of `values` are (the same primitive, or the same instant), else undefined. */
function sharedValue(values: readonly unknown[]): unknown {
  if (values.length < 2) return undefined
  const first = values[0]
  const key = (value: unknown) => (value instanceof Date ? value.getTime() : value)
  if (typeof first === 'object' && first !== null && !(first instanceof Date)) return undefined
  return values.every((value) => key(value) === key(first)) ? first : undefined
}

/** A field of rows read from JSON: its name and SQL type. */
export type RowField = readonly [name: string, type: string]
/** A json or jsonb field sent apart: its name, its type, and the parameter holding its array (documentArray). */
export type DocumentField = readonly [name: string, type: string, array: unknown]

/**
 * `rows from (...) as r(...)`: the plain `fields` of the JSON array `rows` (a json parameter), zipped row by row with
 * one array parameter per document field. Read as json, the rows are split into fields in one pass, each going
 * through its type's input; a document, sent apart, is read once by its type's input. As a field of the rows' JSON,
 * a json document's text was lexed three times (the parameter, the record, the column), and a jsonb field made the
 * whole array be built as one jsonb tree, scalars included, to take its fields from.
 */
export function rowsFromJson(rows: unknown, fields: readonly RowField[], documents: readonly DocumentField[]): SQL {
  const typed = fields.map(([name, type]) => sql`${sql.identifier(name)} ${sql.raw(type)}`)
  const arrays = documents.map(([, type, array]) => sql`, unnest(${array}::${sql.raw(type)}[])`)
  const names = [...fields, ...documents].map(([name]) => sql.identifier(name))
  return sql`rows from (json_to_recordset(${rows}::json) as (${sql.join(typed, sql`, `)})${sql.join(
    arrays,
  )}) as r(${sql.join(names, sql`, `)})`
}

export const isDocument = (column: Column) => column.getSQLType() in DOCUMENT_TYPES

// Each type's binary form (its receive function): jsonb's is a version byte, then the text; json's is the text alone.
const DOCUMENT_TYPES: Record<string, { oid: number; prefix: number[] }> = {
  json: { oid: 114, prefix: [] },
  jsonb: { oid: 3802, prefix: [1] },
}

/**
 * The values as a one-dimensional array of `type` in the binary format (array_recv): dimensions, a null flag, the
 * element type, the length and lower bound, then each element as its length (-1 for null) and its binary form.
 */
export function documentArray(type: string, values: readonly unknown[]): Buffer {
  const { oid, prefix } = DOCUMENT_TYPES[type]!
  const texts = values.map((value) => (value === null || value === undefined ? null : JSON.stringify(value)))
  // Each text is encoded straight into the array: a buffer of its own per document cost an import row seven more
  // objects for the garbage collector.
  const lengths = texts.map((text) => (text === null ? -1 : Buffer.byteLength(text)))
  const size = lengths.reduce((sum, length) => sum + 4 + (length < 0 ? 0 : prefix.length + length), 20)
  const bytes = Buffer.allocUnsafe(size)
  let at = [1, texts.includes(null) ? 1 : 0, oid, texts.length, 1].reduce((at, n) => bytes.writeInt32BE(n, at), 0)
  texts.forEach((text, i) => {
    const length = lengths[i]!
    at = bytes.writeInt32BE(length < 0 ? -1 : prefix.length + length, at)
    if (text === null) return
    for (const byte of prefix) at = bytes.writeUInt8(byte, at)
    at += bytes.write(text, at)
  })
  return bytes
}

/** JSON text as a json parameter in the binary format: both drivers send bytes as they are (client.ts for PGlite). */
export const binary = (text: string): Buffer => Buffer.from(text)

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
