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
    .map(([key, column]) =>
      documentArray(
        column.getSQLType(),
        rows.map((row) => (row as Record<string, unknown>)[key]),
      ),
    )
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
    sql`insert into ${table} (${names}) ${rowsFrom(set, JSON.stringify(records), documents)}${
      options.skipConflicts === true ? sql` on conflict do nothing` : sql``
    }${returning}`,
  )
  return inserted.map((row) => fromDriverRow(back, row) as Partial<T['$inferSelect']>)
}

/**
 * The rows of the JSON array `text` (their plain columns) zipped row by row with one array per json or jsonb column
 * (`documents`, in the order of `set`). Read as json, the rows are split into fields in one pass, each going through
 * its column's input; a document, sent apart, is read once by its type's input. As a field of `text`, a json
 * document's text was lexed three times (the parameter, the record, the column), and a jsonb column made the whole
 * array be built as one jsonb tree, scalars included, to take its fields from.
 */
function rowsFrom(set: readonly (readonly [string, Column])[], text: string, documents: Buffer[]) {
  const fields = set.filter(([, column]) => !isDocument(column))
  const typed = fields.map(([, column]) => sql`${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}`)
  const arrays = set
    .filter(([, column]) => isDocument(column))
    .map(([, column], n) => sql`, unnest(${documents[n]}::${sql.raw(column.getSQLType())}[])`)
  const names = [...fields, ...set.filter(([, column]) => isDocument(column))].map(([, c]) => sql.identifier(c.name))
  return sql`select ${sql.join(
    set.map(([, column]) => sql`r.${sql.identifier(column.name)}`),
    sql`, `,
  )} from rows from (json_to_recordset(${binary(text)}::json) as (${sql.join(typed, sql`, `)})${sql.join(
    arrays,
  )}) as r(${sql.join(names, sql`, `)})`
}

const isDocument = (column: Column) => column.getSQLType() in DOCUMENT_TYPES

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
  const texts = values.map((value) =>
    value === null || value === undefined ? null : Buffer.from(JSON.stringify(value)),
  )
  const size = texts.reduce((sum, text) => sum + 4 + (text === null ? 0 : prefix.length + text.length), 20)
  const bytes = Buffer.allocUnsafe(size)
  let at = [1, texts.includes(null) ? 1 : 0, oid, texts.length, 1].reduce((at, n) => bytes.writeInt32BE(n, at), 0)
  for (const text of texts) {
    at = bytes.writeInt32BE(text === null ? -1 : prefix.length + text.length, at)
    if (text === null) continue
    for (const byte of prefix) at = bytes.writeUInt8(byte, at)
    at += text.copy(bytes, at)
  }
  return bytes
}

/** JSON text as a json parameter in the binary format: both drivers send bytes as they are (client.ts for PGlite). */
const binary = (text: string): Buffer => Buffer.from(text)

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
