// Use cases: convert a prospect into an opportunity, nurture it, or disqualify it (its lead follows).
import type { Database, Db } from '../../db/client.js'
import { findLead, type LeadRow } from '../../db/repositories/leads.js'
import { insertOpportunity, type OpportunityRow } from '../../db/repositories/opportunities.js'
import { findProspect, listStakeholders, type ProspectRow } from '../../db/repositories/prospects.js'
import { notFound } from '../../errors.js'
import type { StakeholderRole } from '../../qualification/lifecycle.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { canMove, moveLead, moveProspect } from '../lifecycle/moves.js'
import { recordTransition } from '../lifecycle/record.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { opportunityView, workspaceStageSettings } from '../opportunities/opportunity-view.js'

/** Locks the lead before the prospect, the same order as the lead's use cases, so the two never deadlock. */
async function lockPair(
  tx: Db,
  actor: Actor,
  prospectId: string,
  options: WriteOptions,
): Promise<{ lead: LeadRow; prospect: ProspectRow }> {
  const unlocked = await findProspect(tx, actor.workspaceId, prospectId)
  if (unlocked === undefined) throw notFound('prospect')
  const lead = await findLead(tx, actor.workspaceId, unlocked.leadId, true)
  const prospect = await findProspect(tx, actor.workspaceId, prospectId, true)
  if (lead === undefined || prospect === undefined) throw notFound('prospect')
  checkIfMatch(options.ifMatch, prospect.version)
  return { lead, prospect }
}

export interface ConvertInput {
  name: string
  amount: string
  currency: string
  expected_close_date?: string | undefined
}

export async function convertProspect(
  db: Database,
  actor: Actor,
  id: string,
  input: ConvertInput,
  options: WriteOptions,
): Promise<{ prospect: ProspectRow; opportunity: OpportunityRow }> {
  return unitOfWork(db, options, async (tx) => {
    const { lead, prospect } = await lockPair(tx, actor, id, options)
    const stakeholderRoles = (await listStakeholders(tx, actor.workspaceId, id)).map((s) => s.role as StakeholderRole)
    const need = lead.need as { level?: string; pain_points?: string[] } | null
    const needKnown = need?.level !== undefined || (need?.pain_points?.length ?? 0) > 0
    const converted = await moveProspect(tx, actor, prospect, 'convert', { facts: { stakeholderRoles, needKnown } })
    const opportunity = await insertOpportunity(tx, {
      workspaceId: actor.workspaceId,
      prospectId: id,
      name: input.name,
      amount: input.amount,
      currency: input.currency,
      expectedCloseDate: input.expected_close_date ?? null,
    })
    await recordTransition(
      tx,
      actor,
      { entity: 'opportunity', entityId: opportunity.id, action: 'create', from: null, to: opportunity.stage },
      {
        type: 'opportunity.created',
        payload: opportunityView(opportunity, await workspaceStageSettings(tx, actor.workspaceId)),
      },
    )
    return { prospect: converted, opportunity }
  })
}

/** nurture or disqualify; the lead moves with its prospect. */
export async function moveProspectAction(
  db: Database,
  actor: Actor,
  id: string,
  action: 'nurture' | 'disqualify',
  body: { reason: string },
  options: WriteOptions,
): Promise<{ prospect: ProspectRow; lead: LeadRow }> {
  return unitOfWork(db, options, async (tx) => {
    const pair = await lockPair(tx, actor, id, options)
    const prospect = await moveProspect(tx, actor, pair.prospect, action, { facts: { reason: body.reason } })
    const lead = canMove('lead', pair.lead.status, action)
      ? await moveLead(tx, actor, pair.lead, action, { facts: { reason: body.reason } })
      : pair.lead
    return { prospect, lead }
  })
}
