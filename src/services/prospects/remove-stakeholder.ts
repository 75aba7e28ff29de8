// Use case: remove a stakeholder from a prospect.
import type { Database } from '../../db/client.js'
import { deleteStakeholder, findProspect } from '../../db/repositories/prospects.js'
import { found, notFound } from '../../errors.js'
import type { Actor } from '../lifecycle/actor.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { touchProspect } from './touch-prospect.js'

export async function removeStakeholder(
  db: Database,
  actor: Actor,
  prospectId: string,
  stakeholderId: string,
): Promise<void> {
  await unitOfWork(db, {}, async (tx) => {
    found(await findProspect(tx, actor.workspaceId, prospectId, true), 'prospect')
    if (!(await deleteStakeholder(tx, actor.workspaceId, prospectId, stakeholderId))) throw notFound('stakeholder')
    await touchProspect(tx, actor, prospectId)
  })
}
