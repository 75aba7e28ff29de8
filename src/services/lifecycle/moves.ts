// Moves one record along the lifecycle table: decide, update, and record ledger row and event together.
import type { Db } from '../../db/client.js'
import { updateLead, type LeadChanges, type LeadRow } from '../../db/repositories/leads.js'
import { updateOpportunity, type OpportunityChanges, type OpportunityRow } from '../../db/repositories/opportunities.js'
import { updateProspect, type ProspectChanges, type ProspectRow } from '../../db/repositories/prospects.js'
import type { Evaluation } from '../../qualification/index.js'
import { decideTransition, type Entity, type GuardFacts } from '../../qualification/lifecycle.js'
import type { EventData } from '../../schemas/events.js'
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

/** What a move needs to know of one kind of record: where its state is, how it is written, what its event carries. */
interface Movable<R extends { id: string }, C> {
  entity: Entity
  stateOf: (row: R) => string
  update: (tx: Db, actor: Actor, row: R, changes: C | undefined, to: string) => Promise<R>
  present: (tx: Db, row: R) => EventData | Promise<EventData>
}

const LEAD: Movable<LeadRow, LeadChanges> = {
  entity: 'lead',
  stateOf: (row) => row.status,
  update: (tx, actor, row, changes, to) =>
    updateLead(tx, actor.workspaceId, row.id, { ...changes, status: to }, actor.now),
  present: (_tx, row) => leadView(row),
}

const PROSPECT: Movable<ProspectRow, ProspectChanges> = {
  entity: 'prospect',
  stateOf: (row) => row.status,
  update: (tx, actor, row, changes, to) =>
    updateProspect(tx, actor.workspaceId, row.id, { ...changes, status: to }, actor.now),
  present: presentProspect,
}

const OPPORTUNITY: Movable<OpportunityRow, OpportunityChanges> = {
  entity: 'opportunity',
  stateOf: (row) => row.stage,
  update: (tx, actor, row, changes, to) =>
    updateOpportunity(tx, actor.workspaceId, row.id, { ...changes, stage: to }, actor.now),
  present: presentOpportunity,
}

async function move<R extends { id: string }, C>(
  kind: Movable<R, C>,
  tx: Db,
  actor: Actor,
  row: R,
  action: string,
  options: MoveOptions<C>,
): Promise<R> {
  const d = decideTransition(kind.entity, kind.stateOf(row), action, options.facts)
  if (!d.ok) throw refusal(d, options.refusalExtra)
  const updated = await kind.update(tx, actor, row, options.changes, d.to)
  await recordTransition(
    tx,
    actor,
    {
      entity: kind.entity,
      entityId: row.id,
      action,
      from: d.from,
      to: d.to,
      reason: options.facts?.reason ?? null,
      override: options.facts?.override === true,
      ...(options.evaluation === undefined ? {} : { evaluation: options.evaluation }),
    },
    { type: d.event, payload: await kind.present(tx, updated) },
  )
  return updated
}

export const moveLead = (tx: Db, actor: Actor, lead: LeadRow, action: string, options: MoveOptions<LeadChanges> = {}) =>
  move(LEAD, tx, actor, lead, action, options)

export const moveProspect = (
  tx: Db,
  actor: Actor,
  prospect: ProspectRow,
  action: string,
  options: MoveOptions<ProspectChanges> = {},
) => move(PROSPECT, tx, actor, prospect, action, options)

export const moveOpportunity = (
  tx: Db,
  actor: Actor,
  opportunity: OpportunityRow,
  action: string,
  options: MoveOptions<OpportunityChanges> = {},
) => move(OPPORTUNITY, tx, actor, opportunity, action, options)

/** Whether a move is legal right now, without its guard's facts: used to follow a move on a linked record. */
export const canMove = (entity: 'lead' | 'prospect', state: string, action: string): boolean => {
  const d = decideTransition(entity, state, action, { reason: 'linked' })
  return d.ok || d.code !== 'TRANSITION_NOT_ALLOWED'
}
