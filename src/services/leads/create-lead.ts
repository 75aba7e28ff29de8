// Use case: create a lead, scored with the active rubric, with its ledger row and lead.created event.
import type { Database, Db } from '../../db/client.js'
import { findLeadByEmail, insertLeadIfNew, type LeadRow } from '../../db/repositories/leads.js'
import { AppError } from '../../errors.js'
import type { Activity, LeadFacts } from '../../qualification/index.js'
import type { Lead, LeadInput } from '../../schemas/leads.js'
import type { TtlCache } from '../cache/ttl-cache.js'
import type { Actor } from '../lifecycle/actor.js'
import type { ScoringRubric } from '../rubrics/scoring-rubric.js'
import { recordTransition } from '../lifecycle/record.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { leadColumns, leadView, scoreColumns } from './lead-view.js'
import { scoreFacts } from './score-lead.js'

/** Inside a transaction: the new lead, or undefined when the email is taken. An import scores it with its activities. */
export async function insertNewLead(
  tx: Db,
  actor: Actor,
  input: LeadInput,
  activities: Activity[] = [],
  rubrics?: TtlCache<ScoringRubric>,
): Promise<LeadRow | undefined> {
  const { owner: _owner, ...facts } = input
  const evaluation = await scoreFacts(tx, actor.workspaceId, facts as LeadFacts, activities, actor.now, rubrics)
  const row = await insertLeadIfNew(tx, {
    workspaceId: actor.workspaceId,
    ...leadColumns(input),
    ...scoreColumns(evaluation),
    email: input.email,
  })
  if (row === undefined) return undefined
  await recordTransition(
    tx,
    actor,
    { entity: 'lead', entityId: row.id, action: 'create', from: null, to: row.status, evaluation },
    { type: 'lead.created', payload: leadView(row) },
  )
  return row
}

export function duplicateLead(existingId: string | undefined, email: string): AppError {
  return new AppError('DUPLICATE_LEAD', `a lead with email ${email} exists`, { existing_id: existingId ?? null })
}

export async function createLead(
  db: Database,
  rubrics: TtlCache<ScoringRubric>,
  actor: Actor,
  input: LeadInput,
): Promise<Lead> {
  return unitOfWork(db, {}, async (tx) => {
    const row = await insertNewLead(tx, actor, input, [], rubrics)
    if (row !== undefined) return leadView(row)
    throw duplicateLead((await findLeadByEmail(tx, actor.workspaceId, input.email))?.id, input.email)
  })
}
