// Use case: convert a prospect into an opportunity (needs a decision maker or economic buyer, and a known need).
import type { Static } from 'typebox'
import type { Database, Db } from '../../db/client.js'
import { insertOpportunity, type OpportunityRow } from '../../db/repositories/opportunities.js'
import { listStakeholders } from '../../db/repositories/prospects.js'
import { INITIAL_STATE, type StakeholderRole } from '../../qualification/lifecycle.js'
import type { Opportunity } from '../../schemas/opportunities.js'
import type { ConvertBody } from '../../schemas/prospects.js'
import { changedAt, type Actor, type WriteOptions } from '../lifecycle/actor.js'
import { moveProspect } from '../lifecycle/moves.js'
import { recordTransition } from '../lifecycle/record.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { presentOpportunity } from '../opportunities/opportunity-view.js'
import { lockProspectAndLead } from './lock-prospect.js'
import { presentProspect, type ProspectView } from './prospect-view.js'

export interface Converted {
  prospect: ProspectView
  opportunity: Static<typeof Opportunity>
  dry_run: boolean
}

/** Inside a transaction, after the prospect's convert move: the new opportunity, its ledger row and event. */
export async function openOpportunity(
  tx: Db,
  actor: Actor,
  prospectId: string,
  input: Static<typeof ConvertBody>,
): Promise<{ row: OpportunityRow; opportunity: Static<typeof Opportunity> }> {
  const row = await insertOpportunity(
    tx,
    {
      workspaceId: actor.workspaceId,
      prospectId,
      name: input.name,
      amount: input.amount,
      currency: input.currency,
      expectedCloseDate: input.expected_close_date ?? null,
      stage: INITIAL_STATE.opportunity,
    },
    changedAt(actor),
  )
  const opportunity = await presentOpportunity(tx, row)
  await recordTransition(
    tx,
    actor,
    { entity: 'opportunity', entityId: row.id, action: 'create', from: null, to: row.stage },
    { type: 'opportunity.created', payload: opportunity },
  )
  return { row, opportunity }
}

export async function convertProspect(
  db: Database,
  actor: Actor,
  id: string,
  input: Static<typeof ConvertBody>,
  options: WriteOptions,
): Promise<Converted> {
  return unitOfWork(db, options, async (tx) => {
    const { lead, prospect } = await lockProspectAndLead(tx, actor, id, options)
    const stakeholderRoles = (await listStakeholders(tx, actor.workspaceId, id)).map((s) => s.role as StakeholderRole)
    const need = lead.need as { level?: string; pain_points?: string[] } | null
    const needKnown = need?.level !== undefined || (need?.pain_points?.length ?? 0) > 0
    const converted = await moveProspect(tx, actor, prospect, 'convert', { facts: { stakeholderRoles, needKnown } })
    const { opportunity } = await openOpportunity(tx, actor, id, input)
    return { prospect: await presentProspect(tx, converted), opportunity, dry_run: options.dryRun === true }
  })
}
