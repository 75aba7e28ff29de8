// Locks a lead, then its prospect if it has one, for a transition that may move both.
import type { Db } from '../../db/client.js'
import { findLead, type LeadRow } from '../../db/repositories/leads.js'
import { findProspectOfLead, type ProspectRow } from '../../db/repositories/prospects.js'
import { found } from '../../errors.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { checkIfMatch } from '../lifecycle/unit-of-work.js'

/**
 * Locks the lead, then its prospect if it has one: the order every use case keeps (lead, prospect, then the
 * workspace's event counter), so concurrent changes to a lead and its prospect wait for each other instead of
 * deadlocking.
 */
export async function lockLeadAndProspect(
  tx: Db,
  actor: Actor,
  id: string,
  options: WriteOptions,
): Promise<{ lead: LeadRow; prospect: ProspectRow | undefined }> {
  const lead = found(await findLead(tx, actor.workspaceId, id, true), 'lead')
  checkIfMatch(options.ifMatch, lead.version)
  return { lead, prospect: await findProspectOfLead(tx, actor.workspaceId, id, true) }
}
