// Use case: nurture or disqualify a prospect, with a reason; its lead follows.
import type { Static } from 'typebox'
import type { Database } from '../../db/client.js'
import type { Lead } from '../../schemas/leads.js'
import type { ReasonBody } from '../../schemas/lifecycle.js'
import { leadView } from '../leads/lead-view.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { canMove, moveLead, moveProspect } from '../lifecycle/moves.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { lockProspectAndLead } from './lock-prospect.js'
import { presentProspect, type ProspectView } from './prospect-view.js'

export interface ProspectMoved {
  prospect: ProspectView
  lead: Static<typeof Lead>
  dry_run: boolean
}

export async function moveProspectAction(
  db: Database,
  actor: Actor,
  id: string,
  action: 'nurture' | 'disqualify',
  body: Static<typeof ReasonBody>,
  options: WriteOptions,
): Promise<ProspectMoved> {
  return unitOfWork(db, options, async (tx) => {
    const pair = await lockProspectAndLead(tx, actor, id, options)
    const prospect = await moveProspect(tx, actor, pair.prospect, action, { facts: { reason: body.reason } })
    const lead = canMove('lead', pair.lead.status, action)
      ? await moveLead(tx, actor, pair.lead, action, { facts: { reason: body.reason } })
      : pair.lead
    return { prospect: await presentProspect(tx, prospect), lead: leadView(lead), dry_run: options.dryRun === true }
  })
}
