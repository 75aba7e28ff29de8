// Use case: edit a lead's facts (PATCH; null clears a field); the lead is rescored.
import type { Database } from '../../db/client.js'
import { isUniqueViolation } from '../../db/errors.js'
import { findLead, findLeadByEmail } from '../../db/repositories/leads.js'
import { found } from '../../errors.js'
import type { Lead, LeadPatch } from '../../schemas/leads.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { applyLeadChanges } from './apply-lead-changes.js'
import { duplicateLead } from './create-lead.js'
import { leadColumns, leadView } from './lead-view.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export async function editLead(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  id: string,
  patch: LeadPatch,
  options: WriteOptions,
): Promise<Lead> {
  try {
    return await unitOfWork(db, options, async (tx) => {
      const row = found(await findLead(tx, actor.workspaceId, id, true), 'lead')
      checkIfMatch(options.ifMatch, row.version)
      return leadView(await applyLeadChanges(tx, compiled, actor, row, leadColumns(patch)))
    })
  } catch (error) {
    if (!isUniqueViolation(error) || patch.email === undefined) throw error
    throw duplicateLead((await findLeadByEmail(db, actor.workspaceId, patch.email))?.id, patch.email)
  }
}
