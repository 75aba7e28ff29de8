// Use case: find-or-create by email for integrations: created, updated, or unchanged.
import type { Database } from '../../db/client.js'
import { findLeadByEmail } from '../../db/repositories/leads.js'
import type { Lead, LeadInput } from '../../schemas/leads.js'
import type { Actor } from '../lifecycle/actor.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { insertNewLead } from './create-lead.js'
import { applyLeadChanges } from './apply-lead-changes.js'
import { leadColumns, leadView } from './lead-view.js'

export type UpsertOutcome = { result: 'created' | 'updated' | 'unchanged'; lead: Lead }

export async function upsertLead(db: Database, actor: Actor, input: LeadInput): Promise<UpsertOutcome> {
  return unitOfWork(db, {}, async (tx) => {
    // Two attempts: a concurrent upsert may create the lead between our look-up and our insert.
    for (let attempt = 0; attempt < 2; attempt++) {
      const existing = await findLeadByEmail(tx, actor.workspaceId, input.email, true)
      if (existing !== undefined) {
        // The email is the key: a retry in other letter case must not count as a change.
        const { email: _email, ...changes } = input
        const row = await applyLeadChanges(tx, actor, existing, leadColumns(changes))
        return { result: row === existing ? 'unchanged' : 'updated', lead: leadView(row) }
      }
      const created = await insertNewLead(tx, actor, input)
      if (created !== undefined) return { result: 'created', lead: leadView(created) }
    }
    throw new Error('upsert: the lead vanished between conflict and look-up')
  })
}
