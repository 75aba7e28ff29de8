// The planner's statistics of leads, refreshed as an import grows the table. PGlite never analyzes a table, nor does
// a server with autovacuum off, and a server's autovacuum looks about once a minute: meanwhile a workspace that grew
// from nothing is planned as nearly empty. The import's look-up of existing emails then read the whole workspace
// through its primary key and filtered on the emails (EXPLAIN at 100,000 leads: 26 ms a chunk of 500, against 0.6 ms
// through the email index), so each chunk cost more than the one before.
import { sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { rowsOf } from './reports.js'

/**
 * Analyze once the rows added reach those the last analysis saw (and at least this many): the estimates stay within
 * twice the truth, which keeps the look-up on the email index. ANALYZE reads a sample of 30,000 rows and every index
 * expression; run at each tenth, as autovacuum does, it cost a 100,000-row import more than it saved (28 runs, 6.9 s).
 * Only a full ANALYZE helps: with a column list the index expressions keep no statistics, and the plan stays.
 */
const MIN_ADDED = 1000

/** Counts the leads a writer adds, and analyzes leads each time they have doubled since the last analysis. */
export function leadStatistics(db: Db) {
  let added = 0
  return async (created: number): Promise<void> => {
    added += created
    if (added < MIN_ADDED) return
    const [table] = await rowsOf<{ rows: number }>(
      db,
      sql`select reltuples::float8 as rows from pg_class where oid = 'leads'::regclass`,
    )
    if (added < Number(table?.rows ?? 0)) return
    added = 0
    await db.execute(sql`analyze leads`)
  }
}
