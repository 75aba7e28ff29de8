// A list of ids as one uuid[] parameter: an IN list of hundreds of parameters is built by the query builder, bound by
// the driver and parsed by the database one parameter at a time.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm'

/** `column = any($1::uuid[])`, the ids sent as one array literal. */
export const isAnyId = (column: SQLWrapper, ids: readonly string[]): SQL =>
  sql`${column} = any(${`{${ids.join(',')}}`}::uuid[])`
