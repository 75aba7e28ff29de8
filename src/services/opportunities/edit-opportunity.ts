// Use case: edit an opportunity's name, amount, currency or expected close date (the stage moves by transitions).
import type { Static } from 'typebox'
import type { Database } from '../../db/client.js'
import { findOpportunity, updateOpportunity } from '../../db/repositories/opportunities.js'
import { found } from '../../errors.js'
import type { OpportunityPatch } from '../../schemas/opportunities.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { recordEvent } from '../lifecycle/record.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { presentOpportunity, type OpportunityView } from './opportunity-view.js'

export async function editOpportunity(
  db: Database,
  actor: Actor,
  id: string,
  patch: Static<typeof OpportunityPatch>,
  options: WriteOptions,
): Promise<OpportunityView> {
  return unitOfWork(db, options, async (tx) => {
    const row = found(await findOpportunity(tx, actor.workspaceId, id, true), 'opportunity')
    checkIfMatch(options.ifMatch, row.version)
    const updated = await updateOpportunity(
      tx,
      actor.workspaceId,
      id,
      {
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.amount === undefined ? {} : { amount: patch.amount }),
        ...(patch.currency === undefined ? {} : { currency: patch.currency }),
        ...(patch.expected_close_date === undefined ? {} : { expectedCloseDate: patch.expected_close_date }),
      },
      actor.now,
    )
    const view = await presentOpportunity(tx, updated)
    await recordEvent(tx, actor, 'opportunity', id, { type: 'opportunity.updated', payload: view })
    return view
  })
}
