// A bulk load keeps the planner's statistics up with the rows it adds (where no autovacuum does): each chunk's write
// is followed by an ANALYZE of the tables that have grown by a tenth, so the next chunk is planned for their size.
import type { Database } from '../../db/client.js'
import { freshenStatistics } from '../../db/repositories/statistics.js'
import type { ChunkWriter } from './run-import.js'

export function thenFreshen<O, P>(db: Database, write: ChunkWriter<O, P>): ChunkWriter<O, P> {
  return async (prepared) => {
    const outcomes = await write(prepared)
    // Upkeep, not part of the chunk: its rows are committed, and a failure here shows in the next statement anyway.
    await freshenStatistics(db).catch(() => [])
    return outcomes
  }
}
