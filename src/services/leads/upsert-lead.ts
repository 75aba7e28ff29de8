// Use case: find-or-create by email for integrations: created, updated, or unchanged; an import's row may bring
// the lead's past activities, recorded with it (or not at all) and scored in the same transaction.
import type { Database } from '../../db/client.js'
import { findLeadByEmail } from '../../db/repositories/leads.js'
import type { ActivityInput, Lead, LeadInput } from '../../schemas/leads.js'
import type { Actor } from '../lifecycle/actor.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { insertNewLead } from './create-lead.js'
import { applyLeadChanges } from './apply-lead-changes.js'
import { leadColumns, leadView } from './lead-view.js'
import { distinctActivities, scoredActivity, upsertActivities } from './upsert-activities.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export type UpsertOutcome = { result: 'created' | 'updated' | 'unchanged'; lead: Lead; activities: number }

export async function upsertLead(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  input: LeadInput,
  activities: readonly ActivityInput[] = [],
): Promise<UpsertOutcome> {
  return unitOfWork(db, {}, async (tx) => {
    const record = async (leadId: string) =>
      (
        await upsertActivities(
          tx,
          actor,
          activities.map((a) => ({ ...a, leadId })),
        )
      ).filter((a) => a.created).length
    // Two attempts: a concurrent upsert may create the lead between our look-up and our insert.
    for (let attempt = 0; attempt < 2; attempt++) {
      const existing = await findLeadByEmail(tx, actor.workspaceId, input.email, true)
      if (existing !== undefined) {
        const recorded = await record(existing.id)
        // The email is the key: a retry in other letter case must not count as a change.
        const { email: _email, ...changes } = input
        const row = await applyLeadChanges(tx, compiled, actor, existing, leadColumns(changes), recorded > 0)
        return { result: row === existing ? 'unchanged' : 'updated', lead: leadView(row), activities: recorded }
      }
      const created = await insertNewLead(
        tx,
        compiled,
        actor,
        input,
        distinctActivities(activities).map(scoredActivity),
      )
      if (created !== undefined)
        return { result: 'created', lead: leadView(created), activities: await record(created.id) }
    }
    throw new Error('upsert: the lead vanished between conflict and look-up')
  })
}
