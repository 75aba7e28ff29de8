// Use cases: edit a lead's facts (PATCH) and apply changes shared with upsert; every edit rescores the lead.
import type { Database, Db } from '../../db/client.js'
import { isUniqueViolation } from '../../db/errors.js'
import { findLead, findLeadByEmail, updateLead, type LeadChanges, type LeadRow } from '../../db/repositories/leads.js'
import { notFound } from '../../errors.js'
import type { LeadPatch } from '../../schemas/leads.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { recordEvent } from '../lifecycle/record.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { duplicateLead } from './create-lead.js'
import { changesNothing, leadColumns, leadView, scoreColumns } from './lead-view.js'
import { scoreLead } from './score-lead.js'

/** Inside a transaction on a locked row: applies the changes, rescores, writes lead.updated. */
export async function applyLeadChanges(tx: Db, actor: Actor, row: LeadRow, changes: LeadChanges): Promise<LeadRow> {
  if (changesNothing(row, changes)) return row
  const evaluation = await scoreLead(tx, { ...row, ...changes } as LeadRow, actor.now)
  const updated = await updateLead(tx, actor.workspaceId, row.id, { ...changes, ...scoreColumns(evaluation) })
  await recordEvent(tx, actor, 'lead', row.id, { type: 'lead.updated', payload: leadView(updated) })
  return updated
}

export async function patchLead(
  db: Database,
  actor: Actor,
  id: string,
  patch: LeadPatch,
  options: WriteOptions,
): Promise<LeadRow> {
  try {
    return await unitOfWork(db, options, async (tx) => {
      const row = await findLead(tx, actor.workspaceId, id, true)
      if (row === undefined) throw notFound('lead')
      checkIfMatch(options.ifMatch, row.version)
      return applyLeadChanges(tx, actor, row, leadColumns(patch))
    })
  } catch (error) {
    if (!isUniqueViolation(error) || patch.email === undefined) throw error
    throw duplicateLead((await findLeadByEmail(db, actor.workspaceId, patch.email))?.id, patch.email)
  }
}
