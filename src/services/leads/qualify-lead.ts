// Use case: qualify a lead (or override the rubric): creates its prospect, or reactivates the one it had.
import type { Static } from 'typebox'
import type { Database, Db } from '../../db/client.js'
import type { LeadRow } from '../../db/repositories/leads.js'
import { insertProspect, type ProspectRow } from '../../db/repositories/prospects.js'
import { AppError } from '../../errors.js'
import type { Evaluation } from '../../qualification/index.js'
import { INITIAL_STATE, type GuardFacts } from '../../qualification/lifecycle.js'
import type { Lead } from '../../schemas/leads.js'
import type { QualifyBody } from '../../schemas/lifecycle.js'
import { allows } from '../api-keys/scopes.js'
import { changedAt, type Actor, type WriteOptions } from '../lifecycle/actor.js'
import { moveLead, moveProspect } from '../lifecycle/moves.js'
import { recordTransition } from '../lifecycle/record.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { presentProspect, prospectView, type ProspectView } from '../prospects/prospect-view.js'
import { leadView, scoreColumns } from './lead-view.js'
import { lockLeadAndProspect } from './lock-lead.js'
import { scoreLead } from './score-lead.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export interface Qualified {
  lead: Lead
  prospect: ProspectView
  qualification: Evaluation
  dry_run: boolean
}

export async function qualifyLead(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  id: string,
  body: Static<typeof QualifyBody>,
  options: WriteOptions,
): Promise<Qualified> {
  if (body.override !== undefined && !allows(actor.scopes, 'admin')) {
    throw new AppError('FORBIDDEN', 'overriding the rubric needs the "admin" scope')
  }
  return unitOfWork(db, options, async (tx) => {
    const { lead, prospect: existing } = await lockLeadAndProspect(tx, actor, id, options)
    const { qualified, prospect, evaluation } = await qualifyLocked(tx, compiled, actor, lead, existing, body.override)
    return {
      lead: leadView(qualified),
      prospect: await presentProspect(tx, prospect),
      qualification: evaluation,
      dry_run: options.dryRun === true,
    }
  })
}

/**
 * Inside a transaction, the lead locked: scores it, moves it to qualified (an `override` admits it against the
 * rubric) and creates or reactivates its prospect.
 */
export async function qualifyLocked(
  tx: Db,
  compiled: CompiledRubrics,
  actor: Actor,
  lead: LeadRow,
  existing: ProspectRow | undefined,
  override: { reason: string } | undefined,
): Promise<{ qualified: LeadRow; prospect: ProspectRow; evaluation: Evaluation }> {
  const evaluation = await scoreLead(tx, compiled, lead, actor.now)
  const overridden = override !== undefined && evaluation.decision !== 'qualified'
  const facts = {
    decision: evaluation.decision,
    blocking: evaluation.blocking,
    override: overridden,
    reason: override?.reason,
  }
  const qualified = await moveLead(tx, actor, lead, 'qualify', {
    facts,
    evaluation,
    changes: scoreColumns(evaluation),
    refusalExtra: { evaluation },
  })
  const admission = {
    qualification: evaluation,
    rubricId: evaluation.rubric.id,
    rubricVersion: evaluation.rubric.version,
    overridden,
    overrideReason: overridden ? override!.reason : null,
  }
  const prospect = await admitProspect(tx, actor, qualified, existing, admission, facts, evaluation)
  return { qualified, prospect, evaluation }
}

/** A lead's first qualification creates its prospect; a later one reactivates it with the new snapshot. */
async function admitProspect(
  tx: Db,
  actor: Actor,
  lead: LeadRow,
  existing: ProspectRow | undefined,
  admission: Omit<Parameters<typeof insertProspect>[1], 'workspaceId' | 'leadId'>,
  facts: GuardFacts,
  evaluation: Evaluation,
): Promise<ProspectRow> {
  if (existing !== undefined)
    return moveProspect(tx, actor, existing, 'reactivate', { changes: admission, evaluation, facts })
  const prospect = await insertProspect(
    tx,
    { workspaceId: actor.workspaceId, leadId: lead.id, status: INITIAL_STATE.prospect, ...admission },
    changedAt(actor),
  )
  await recordTransition(
    tx,
    actor,
    {
      entity: 'prospect',
      entityId: prospect.id,
      action: 'create',
      from: null,
      to: prospect.status,
      override: facts.override === true,
      reason: facts.reason,
      evaluation,
    },
    { type: 'prospect.created', payload: prospectView(prospect, []) },
  )
  return prospect
}
