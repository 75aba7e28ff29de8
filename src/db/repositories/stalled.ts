// The stalled filter every record list shares: no creation, no transition and no activity since an instant.
import { sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import { leads, transitions } from '../schema.js'

interface Record {
  workspaceId: PgColumn
  id: PgColumn
  createdAt: PgColumn
}

/** A record untouched since `since`; `lastActivityAt` is the newest activity that counts for it, when there is one. */
export function stalledCondition(
  entity: 'lead' | 'prospect' | 'opportunity',
  table: Record,
  since: Date,
  lastActivityAt?: SQL,
): SQL {
  const at = since.toISOString()
  const activity = lastActivityAt ?? sql`null::timestamptz`
  // Written as a bound on created_at (not greatest(created_at, activity) < at) so the list's index on created_at starts
  // at `at` instead of walking every newer record.
  return sql`${table.createdAt} < ${at}::timestamptz
    and (${activity} is null or ${activity} < ${at}::timestamptz)
    and not exists (select 1 from ${transitions} where ${transitions.workspaceId} = ${table.workspaceId}
      and ${transitions.entityType} = ${entity} and ${transitions.entityId} = ${table.id}
      and ${transitions.occurredAt} >= ${at}::timestamptz)`
}

/** A column of the lead behind a record, through its lead id (a prospect's lead_id, say). */
export const leadColumn = (column: PgColumn, workspaceId: PgColumn, leadId: SQL | PgColumn): SQL =>
  sql`(select ${column} from ${leads} where ${leads.workspaceId} = ${workspaceId} and ${leads.id} = ${leadId})`
