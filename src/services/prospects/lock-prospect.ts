// Locks a prospect and its lead for a transition that may move both.
import type { Db } from '../../db/client.js'
import { findLead, type LeadRow } from '../../db/repositories/leads.js'
import { findProspect, type ProspectRow } from '../../db/repositories/prospects.js'
import { found } from '../../errors.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { checkIfMatch } from '../lifecycle/unit-of-work.js'

/** Locks the lead before the prospect, the same order as the lead's use cases, so the two never deadlock. */
export async function lockProspectAndLead(
  tx: Db,
  actor: Actor,
  prospectId: string,
  options: WriteOptions,
): Promise<{ lead: LeadRow; prospect: ProspectRow }> {
  const unlocked = found(await findProspect(tx, actor.workspaceId, prospectId), 'prospect')
  const lead = found(await findLead(tx, actor.workspaceId, unlocked.leadId, true), 'prospect')
  const prospect = found(await findProspect(tx, actor.workspaceId, prospectId, true), 'prospect')
  checkIfMatch(options.ifMatch, prospect.version)
  return { lead, prospect }
}
