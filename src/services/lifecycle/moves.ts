// Moves one record along the lifecycle table: decide, update, and record ledger row and event together.
import type { Db } from '../../db/client.js'
import { updateLead, type LeadChanges, type LeadRow } from '../../db/repositories/leads.js'
import { updateOpportunity, type OpportunityChanges, type OpportunityRow } from '../../db/repositories/opportunities.js'
import { updateProspect, type ProspectChanges, type ProspectRow } from '../../db/repositories/prospects.js'
import type { Evaluation } from '../../qualification/index.js'
import { decideTransition, type GuardFacts } from '../../qualification/lifecycle.js'
import { leadView } from '../leads/lead-view.js'
import { presentOpportunity } from '../opportunities/opportunity-view.js'
import { presentProspect } from '../prospects/prospect-view.js'
import type { Actor } from './actor.js'
import { recordTransition } from './record.js'
import { refusal } from './refuse.js'

export interface MoveOptions<C> {
  facts?: GuardFacts
  /** Other columns to change with the state. */
  changes?: C
  evaluation?: Evaluation
  /** Added to the problem when the move is refused (the evaluation behind a refused qualify). */
  refusalExtra?: Record<string, unknown>
}

function decide(
  entity: 'lead' | 'prospect' | 'opportunity',
  state: string,
  action: string,
  options: MoveOptions<unknown>,
) {
  const decision = decideTransition(entity, state, action, options.facts)
  if (!decision.ok) throw refusal(decision, options.refusalExtra)
  return decision
}

const changeOf = (options: MoveOptions<unknown>) => ({
  reason: options.facts?.reason ?? null,
  override: options.facts?.override === true,
  ...(options.evaluation === undefined ? {} : { evaluation: options.evaluation }),
})

export async function moveLead(
  tx: Db,
  actor: Actor,
  lead: LeadRow,
  action: string,
  options: MoveOptions<LeadChanges> = {},
): Promise<LeadRow> {
  const d = decide('lead', lead.status, action, options)
  const updated = await updateLead(tx, actor.workspaceId, lead.id, { ...options.changes, status: d.to }, actor.now)
  await recordTransition(
    tx,
    actor,
    { entity: 'lead', entityId: lead.id, action, from: d.from, to: d.to, ...changeOf(options) },
    { type: d.event, payload: leadView(updated) },
  )
  return updated
}

export async function moveProspect(
  tx: Db,
  actor: Actor,
  prospect: ProspectRow,
  action: string,
  options: MoveOptions<ProspectChanges> = {},
): Promise<ProspectRow> {
  const d = decide('prospect', prospect.status, action, options)
  const updated = await updateProspect(
    tx,
    actor.workspaceId,
    prospect.id,
    { ...options.changes, status: d.to },
    actor.now,
  )
  await recordTransition(
    tx,
    actor,
    { entity: 'prospect', entityId: prospect.id, action, from: d.from, to: d.to, ...changeOf(options) },
    { type: d.event, payload: await presentProspect(tx, updated) },
  )
  return updated
}

export async function moveOpportunity(
  tx: Db,
  actor: Actor,
  opportunity: OpportunityRow,
  action: string,
  options: MoveOptions<OpportunityChanges> = {},
): Promise<OpportunityRow> {
  const d = decide('opportunity', opportunity.stage, action, options)
  const updated = await updateOpportunity(
    tx,
    actor.workspaceId,
    opportunity.id,
    { ...options.changes, stage: d.to },
    actor.now,
  )
  await recordTransition(
    tx,
    actor,
    { entity: 'opportunity', entityId: opportunity.id, action, from: d.from, to: d.to, ...changeOf(options) },
    { type: d.event, payload: await presentOpportunity(tx, updated) },
  )
  return updated
}

/** Whether a move is legal right now, without its guard's facts: used to follow a move on a linked record. */
export const canMove = (entity: 'lead' | 'prospect', state: string, action: string): boolean => {
  const d = decideTransition(entity, state, action, { reason: 'linked' })
  return d.ok || d.code !== 'TRANSITION_NOT_ALLOWED'
}
