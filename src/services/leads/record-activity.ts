// Use case: record an engagement activity, rescore the lead, and move a new lead to working.
import type { Database, Db } from '../../db/client.js'
import { findLead, insertActivity, type LeadRow } from '../../db/repositories/leads.js'
import { found } from '../../errors.js'
import { decideTransition } from '../../qualification/lifecycle.js'
import type { Static } from 'typebox'
import type { ActivityInput, RecordedActivity } from '../../schemas/leads.js'
import type { Actor } from '../lifecycle/actor.js'
import { moveLead } from '../lifecycle/moves.js'
import { recordEvent } from '../lifecycle/record.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { applyLeadChanges } from './apply-lead-changes.js'
import { activityView, leadView, scoreColumns } from './lead-view.js'
import { scoreLead } from './score-lead.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export async function recordActivity(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  leadId: string,
  input: ActivityInput,
): Promise<Static<typeof RecordedActivity>> {
  return unitOfWork(db, {}, async (tx) => {
    const lead = found(await findLead(tx, actor.workspaceId, leadId, true), 'lead')
    const activity = await insertActivity(
      tx,
      {
        workspaceId: actor.workspaceId,
        leadId,
        type: input.type,
        direction: input.direction,
        occurredAt: new Date(input.occurred_at),
        metadata: input.metadata ?? null,
      },
      actor.now,
    )
    await recordEvent(tx, actor, 'activity', activity.id, {
      type: 'activity.recorded',
      payload: activityView(activity),
    })
    // Engagement moves a new lead to working; in any other state it only changes the score.
    const updated = decideTransition('lead', lead.status, 'engage').ok
      ? await engage(tx, compiled, actor, lead)
      : await applyLeadChanges(tx, compiled, actor, lead, {}, true)
    return { activity: activityView(activity), lead: leadView(updated) }
  })
}

async function engage(tx: Db, compiled: CompiledRubrics, actor: Actor, lead: LeadRow): Promise<LeadRow> {
  const evaluation = await scoreLead(tx, compiled, lead, actor.now)
  return moveLead(tx, actor, lead, 'engage', { changes: scoreColumns(evaluation), evaluation })
}
