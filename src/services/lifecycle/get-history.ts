// Use case: one record's ledger, each entry with how long the record stayed in the state it entered.
// Ledger rows are stamped by the app's clock (actor.now), the same clock `now` comes from, so the spans add up.
import type { Db } from '../../db/client.js'
import { listTransitions, type TransitionRow } from '../../db/repositories/ledger.js'
import { notFound } from '../../errors.js'
import type { Entity } from '../../qualification/lifecycle.js'

function entryView(row: TransitionRow, until: Date) {
  return {
    id: row.id,
    action: row.action,
    from: row.fromState,
    to: row.toState,
    actor_key_id: row.actorKeyId,
    reason: row.reason,
    override: row.override,
    rubric:
      row.rubricId === null || row.rubricVersion === null ? null : { id: row.rubricId, version: row.rubricVersion },
    evaluation: row.evaluation,
    request_id: row.requestId,
    occurred_at: row.occurredAt.toISOString(),
    imported: row.imported,
    seconds_in_state: Math.round((until.getTime() - row.occurredAt.getTime()) / 1000),
  }
}

export async function getHistory(db: Db, workspaceId: string, entity: Entity, id: string, now: Date) {
  const rows = await listTransitions(db, workspaceId, entity, id)
  if (rows.length === 0) throw notFound(entity)
  const data = rows.map((row, i) => entryView(row, rows[i + 1]?.occurredAt ?? now))
  const timeInState: Record<string, number> = {}
  for (const entry of data) timeInState[entry.to] = (timeInState[entry.to] ?? 0) + entry.seconds_in_state
  return { data, time_in_state: timeInState }
}
