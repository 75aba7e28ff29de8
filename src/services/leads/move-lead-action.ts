// Use case: nurture, disqualify or reopen a lead; nurturing or disqualifying a qualified lead takes its prospect along.
import type { Database } from '../../db/client.js'
import type { Lead } from '../../schemas/leads.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { canMove, moveLead, moveProspect } from '../lifecycle/moves.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { presentProspect, type ProspectView } from '../prospects/prospect-view.js'
import { leadView } from './lead-view.js'
import { lockLeadAndProspect } from './lock-lead.js'

export interface LeadMoved {
  lead: Lead
  prospect: ProspectView | null
  dry_run: boolean
}

export async function moveLeadAction(
  db: Database,
  actor: Actor,
  id: string,
  action: 'nurture' | 'disqualify' | 'reopen',
  body: { reason?: string | undefined },
  options: WriteOptions,
): Promise<LeadMoved> {
  return unitOfWork(db, options, async (tx) => {
    const locked = await lockLeadAndProspect(tx, actor, id, options)
    const moved = await moveLead(tx, actor, locked.lead, action, { facts: { reason: body.reason } })
    let prospect = locked.prospect ?? null
    if (prospect !== null && action !== 'reopen' && canMove('prospect', prospect.status, action)) {
      prospect = await moveProspect(tx, actor, prospect, action, { facts: { reason: body.reason } })
    }
    return {
      lead: leadView(moved),
      prospect: prospect === null ? null : await presentProspect(tx, prospect),
      dry_run: options.dryRun === true,
    }
  })
}
