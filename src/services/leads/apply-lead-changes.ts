// Edits shared by PATCH and upsert: apply a lead's changed facts, rescore it, and announce lead.updated.
import type { Db } from '../../db/client.js'
import { updateLead, type LeadChanges, type LeadRow } from '../../db/repositories/leads.js'
import type { Actor } from '../lifecycle/actor.js'
import { recordEvent } from '../lifecycle/record.js'
import { changesNothing, leadView, scoreColumns } from './lead-view.js'
import { scoreLead } from './score-lead.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

/**
 * Inside a transaction on a locked row: applies the changes, rescores, writes lead.updated. `rescore` forces it
 * when the facts are unchanged but the lead's activities are not.
 */
export async function applyLeadChanges(
  tx: Db,
  compiled: CompiledRubrics,
  actor: Actor,
  row: LeadRow,
  changes: LeadChanges,
  rescore = false,
): Promise<LeadRow> {
  if (!rescore && changesNothing(row, changes)) return row
  const evaluation = await scoreLead(tx, compiled, { ...row, ...changes } as LeadRow, actor.now)
  const updated = await updateLead(
    tx,
    actor.workspaceId,
    row.id,
    { ...changes, ...scoreColumns(evaluation) },
    actor.now,
  )
  await recordEvent(tx, actor, 'lead', row.id, { type: 'lead.updated', payload: leadView(updated) })
  return updated
}
