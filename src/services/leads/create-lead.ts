// Use case: create a lead, scored with the active rubric, with its ledger row and lead.created event.
import type { Database, Db } from '../../db/client.js'
import { findLeadByEmail, insertLeadIfNew, type LeadRow, type NewLead } from '../../db/repositories/leads.js'
import { insertLeadSoon } from '../../db/repositories/leads-created.js'
import { AppError } from '../../errors.js'
import type { Activity, Evaluation, LeadFacts } from '../../qualification/index.js'
import type { Lead, LeadInput } from '../../schemas/leads.js'
import type { TtlCache } from '../cache/ttl-cache.js'
import { changedAt, type Actor } from '../lifecycle/actor.js'
import type { ScoringRubric } from '../rubrics/scoring-rubric.js'
import { recordTransition, transitionRow, type Change } from '../lifecycle/record.js'
import { leadColumns, leadView, scoreColumns } from './lead-view.js'
import { scoreFacts } from './score-lead.js'
import { INITIAL_STATE } from '../../qualification/lifecycle.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

const newLeadRow = (actor: Actor, input: LeadInput, evaluation: Evaluation): NewLead => ({
  workspaceId: actor.workspaceId,
  ...leadColumns(input),
  ...scoreColumns(evaluation),
  email: input.email,
  status: INITIAL_STATE.lead,
})

const creation = (entityId: string, to: string, evaluation: Evaluation): Change => ({
  entity: 'lead',
  entityId,
  action: 'create',
  from: null,
  to,
  evaluation,
})

/**
 * Inside a transaction: the new lead, or undefined when the email is taken. An import scores it with its activities.
 */
export async function insertNewLead(
  tx: Db,
  compiled: CompiledRubrics,
  actor: Actor,
  input: LeadInput,
  activities: Activity[] = [],
  rubrics?: TtlCache<ScoringRubric>,
): Promise<LeadRow | undefined> {
  const { owner: _owner, ...facts } = input
  const evaluation = await scoreFacts(
    tx,
    compiled,
    actor.workspaceId,
    facts as LeadFacts,
    activities,
    actor.now,
    rubrics,
  )
  const row = await insertLeadIfNew(tx, newLeadRow(actor, input, evaluation), changedAt(actor))
  if (row === undefined) return undefined
  await recordTransition(tx, actor, creation(row.id, row.status, evaluation), {
    type: 'lead.created',
    payload: leadView(row),
  })
  return row
}

export function duplicateLead(existingId: string | undefined, email: string): AppError {
  return new AppError('DUPLICATE_LEAD', `a lead with email ${email} exists`, { existing_id: existingId ?? null })
}

/** The lead, its ledger row and its event in one statement (no transaction to open: one round trip). */
export async function createLead(
  db: Database,
  compiled: CompiledRubrics,
  rubrics: TtlCache<ScoringRubric>,
  actor: Actor,
  input: LeadInput,
): Promise<Lead> {
  const { owner: _owner, ...facts } = input
  const evaluation = await scoreFacts(db, compiled, actor.workspaceId, facts as LeadFacts, [], actor.now, rubrics)
  const { entityId: _id, toState: _to, ...ledger } = transitionRow(actor, creation('', '', evaluation))
  const row = await insertLeadSoon(db, newLeadRow(actor, input, evaluation), ledger, leadView, actor.now)
  if (row !== undefined) return leadView(row)
  throw duplicateLead((await findLeadByEmail(db, actor.workspaceId, input.email))?.id, input.email)
}
