// Use cases: qualify (or override), nurture, disqualify and reopen a lead; a linked prospect follows.
import type { Database, Db } from '../../db/client.js'
import { findLead, type LeadRow } from '../../db/repositories/leads.js'
import { findProspectOfLead, insertProspect, type ProspectRow } from '../../db/repositories/prospects.js'
import { AppError, notFound } from '../../errors.js'
import type { Evaluation } from '../../qualification/index.js'
import type { GuardFacts } from '../../qualification/lifecycle.js'
import { allows } from '../api-keys/scopes.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { canMove, moveLead, moveProspect } from '../lifecycle/moves.js'
import { recordTransition } from '../lifecycle/record.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { presentProspect, prospectView, type ProspectView } from '../prospects/prospect-view.js'
import { scoreColumns } from './lead-view.js'
import { scoreLead } from './score-lead.js'

/**
 * Locks the lead, then its prospect if it has one: the order every use case keeps (lead, prospect, then the
 * workspace's event counter), so concurrent changes to a lead and its prospect wait for each other instead of deadlocking.
 */
async function lockedLead(
  tx: Db,
  actor: Actor,
  id: string,
  options: WriteOptions,
): Promise<{ lead: LeadRow; prospect: ProspectRow | undefined }> {
  const lead = await findLead(tx, actor.workspaceId, id, true)
  if (lead === undefined) throw notFound('lead')
  checkIfMatch(options.ifMatch, lead.version)
  return { lead, prospect: await findProspectOfLead(tx, actor.workspaceId, id, true) }
}

export interface Qualified {
  lead: LeadRow
  prospect: ProspectView
  qualification: Evaluation
}

export async function qualifyLead(
  db: Database,
  actor: Actor,
  id: string,
  body: { override?: { reason: string } | undefined },
  options: WriteOptions,
): Promise<Qualified> {
  if (body.override !== undefined && !allows(actor.scopes, 'admin')) {
    throw new AppError('FORBIDDEN', 'overriding the rubric needs the "admin" scope')
  }
  return unitOfWork(db, options, async (tx) => {
    const { lead, prospect: existing } = await lockedLead(tx, actor, id, options)
    const evaluation = await scoreLead(tx, lead, actor.now)
    const overridden = body.override !== undefined && evaluation.decision !== 'qualified'
    const facts = {
      decision: evaluation.decision,
      blocking: evaluation.blocking,
      override: overridden,
      reason: body.override?.reason,
    }
    const qualified = await moveLead(tx, actor, lead, 'qualify', {
      facts,
      evaluation,
      changes: scoreColumns(evaluation),
      refusalExtra: { evaluation },
    })
    const admission = {
      qualification: evaluation as unknown as Record<string, unknown>,
      rubricId: evaluation.rubric.id,
      rubricVersion: evaluation.rubric.version,
      overridden,
      overrideReason: overridden ? body.override!.reason : null,
    }
    const prospect = await admitProspect(tx, actor, qualified, existing, admission, facts, evaluation)
    return { lead: qualified, prospect: await presentProspect(tx, prospect), qualification: evaluation }
  })
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
  const prospect = await insertProspect(tx, { workspaceId: actor.workspaceId, leadId: lead.id, ...admission })
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

export interface Moved {
  lead: LeadRow
  prospect: ProspectView | null
}

/** nurture, disqualify, reopen. Nurturing or disqualifying a qualified lead takes its prospect along. */
export async function moveLeadAction(
  db: Database,
  actor: Actor,
  id: string,
  action: 'nurture' | 'disqualify' | 'reopen',
  body: { reason?: string | undefined },
  options: WriteOptions,
): Promise<Moved> {
  return unitOfWork(db, options, async (tx) => {
    const locked = await lockedLead(tx, actor, id, options)
    const moved = await moveLead(tx, actor, locked.lead, action, { facts: { reason: body.reason } })
    let prospect = locked.prospect ?? null
    if (prospect !== null && action !== 'reopen' && canMove('prospect', prospect.status, action)) {
      prospect = await moveProspect(tx, actor, prospect, action, { facts: { reason: body.reason } })
    }
    return { lead: moved, prospect: prospect === null ? null : await presentProspect(tx, prospect) }
  })
}
