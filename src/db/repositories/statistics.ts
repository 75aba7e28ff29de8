// Planner statistics kept fresh where no autovacuum does it: PGlite (one backend, it never runs one) or a server with
// autovacuum off. Without them a grown table is still planned as the empty one it was when last analyzed: the funnel
// trigger read every lead of the workspace by a sequential scan for each lead it updated (auto_explain, 1,484 leads:
// estimated 110 rows).
import { sql } from 'drizzle-orm'
import type { Database } from '../client.js'
import { rowsOf } from './reports.js'

/** Tables whose pages grew by a tenth (and eight pages) since their last ANALYZE: autovacuum's rule, by size. */
const grown = sql`
  select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where n.nspname = current_schema() and c.relkind = 'r'
    and pg_relation_size(c.oid) / current_setting('block_size')::int > 1.1 * greatest(c.relpages, 0) + 8
  order by 1`

const launcher = sql`select exists (select 1 from pg_stat_activity where backend_type = 'autovacuum launcher') as on`

const kept = new WeakMap<Database, Promise<boolean>>()
const running = new WeakMap<Database, Promise<string[]>>()

/** Whether this database analyzes itself; asked once per handle. */
function autovacuumRuns(db: Database): Promise<boolean> {
  let answer = kept.get(db)
  if (answer === undefined) {
    answer = rowsOf<{ on: boolean }>(db, launcher).then((rows) => rows[0]?.on === true)
    kept.set(db, answer)
  }
  return answer
}

async function analyzeGrown(db: Database): Promise<string[]> {
  if (await autovacuumRuns(db)) return []
  const tables = (await rowsOf<{ name: string }>(db, grown)).map((t) => t.name)
  for (const name of tables) await db.execute(sql`analyze ${sql.identifier(name)}`)
  return tables
}

/**
 * ANALYZEs the tables that grew since their last ANALYZE, unless autovacuum runs; answers their names. Called after
 * bulk writes and from the worker's housekeeping; a call while one runs shares it.
 */
export function freshenStatistics(db: Database): Promise<string[]> {
  let run = running.get(db)
  if (run === undefined) {
    run = analyzeGrown(db).finally(() => running.delete(db))
    running.set(db, run)
  }
  return run
}
