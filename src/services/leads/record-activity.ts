// Use case: record an engagement activity, rescore the lead, and move a new lead to working.
import type { Database } from '../../db/client.js'
import { findLead, insertActivity, updateLead } from '../../db/repositories/leads.js'
import { found } from '../../errors.js'
import { decideTransition } from '../../qualification/lifecycle.js'
import type { Static } from 'typebox'
import type { ActivityInput, RecordedActivity } from '../../schemas/leads.js'
import type { Actor } from '../lifecycle/actor.js'
import { recordEvent, recordTransition } from '../lifecycle/record.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { activityView, leadView, scoreColumns } from './lead-view.js'
import { scoreLead } from './score-lead.js'

export async function recordActivity(
  db: Database,
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
    const evaluation = await scoreLead(tx, lead, actor.now)
    // Engagement moves a new lead to working; in any other state it only changes the score.
    const engage = decideTransition('lead', lead.status, 'engage')
    const status = engage.ok ? engage.to : lead.status
    const updated = await updateLead(tx, actor.workspaceId, leadId, { ...scoreColumns(evaluation), status }, actor.now)
    if (engage.ok) {
      await recordTransition(
        tx,
        actor,
        { entity: 'lead', entityId: leadId, action: 'engage', from: engage.from, to: engage.to, evaluation },
        { type: engage.event, payload: leadView(updated) },
      )
    } else {
      // The score moved: subscribers to lead events hear of it.
      await recordEvent(tx, actor, 'lead', leadId, { type: 'lead.updated', payload: leadView(updated) })
    }
    return { activity: activityView(activity), lead: leadView(updated) }
  })
}
