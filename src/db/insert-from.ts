// `insert ... select ... from <source>`: a row written per row of the source, so none when the source is empty. It lets
// one statement chain dependent writes (a lead, then its ledger row and event) through data-modifying CTEs.
import { getTableColumns, is, Placeholder, sql, SQL, type Column } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'

export type InsertFromValues<T extends PgTable> = {
  [K in keyof T['$inferInsert']]?: T['$inferInsert'][K] | SQL | Placeholder
}

/** A value as a parameter encoded and cast as its column's: in a select list a parameter has no type of its own. */
export const typedParam = (value: unknown, column: Column): SQL =>
  sql`${sql.param(value, column)}::${sql.raw(column.getSQLType())}`

/**
 * The columns `values` sets, read from `source` once per row: a value is a parameter encoded and cast as its column
 * (a parameter in a select list has no type of its own; a placeholder, filled when a prepared statement runs, with
 * a value already encoded), an
 * SQL value an expression that may name the source's columns.
 */
export function insertFrom<T extends PgTable>(table: T, values: InsertFromValues<T>, source: SQL): SQL {
  const columns = getTableColumns(table)
  const set = Object.entries(values).filter(([, value]) => value !== undefined)
  const names = set.map(([key]) => sql.identifier(columns[key]!.name))
  const expressions = set.map(([key, value]) => {
    const column = columns[key]!
    if (is(value, SQL)) return value
    return is(value, Placeholder) ? sql`${value}::${sql.raw(column.getSQLType())}` : typedParam(value, column)
  })
  return sql`insert into ${table} (${sql.join(names, sql`, `)}) select ${sql.join(expressions, sql`, `)} from ${source}`
}
