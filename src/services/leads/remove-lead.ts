// Use case: delete a lead that never became a prospect (a prospect's history must stay whole).
import type { Database } from '../../db/client.js'
import { deleteLead, findLead } from '../../db/repositories/leads.js'
import { findProspectOfLead } from '../../db/repositories/prospects.js'
import { AppError, found } from '../../errors.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { recordTransition } from '../lifecycle/record.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { leadView } from './lead-view.js'

export async function removeLead(db: Database, actor: Actor, id: string, options: WriteOptions): Promise<void> {
  await unitOfWork(db, options, async (tx) => {
    const row = found(await findLead(tx, actor.workspaceId, id, true), 'lead')
    checkIfMatch(options.ifMatch, row.version)
    const prospect = await findProspectOfLead(tx, actor.workspaceId, id)
    if (prospect !== undefined) {
      throw new AppError('CONFLICT', 'this lead became a prospect; disqualify it instead of deleting it', {
        prospect_id: prospect.id,
      })
    }
    await recordTransition(
      tx,
      actor,
      { entity: 'lead', entityId: id, action: 'delete', from: row.status, to: 'deleted' },
      { type: 'lead.deleted', payload: leadView(row) },
    )
    await deleteLead(tx, actor.workspaceId, id)
  })
}
