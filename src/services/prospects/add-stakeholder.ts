// Use case: add a stakeholder (who decides, who pays, who champions) to a prospect.
import type { Static } from 'typebox'
import type { Database } from '../../db/client.js'
import { findProspect, insertStakeholder, listStakeholders } from '../../db/repositories/prospects.js'
import { AppError, found } from '../../errors.js'
import { MAX_STAKEHOLDERS, type StakeholderInput } from '../../schemas/prospects.js'
import type { Actor } from '../lifecycle/actor.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import type { ProspectView } from './prospect-view.js'
import { touchProspect } from './touch-prospect.js'

export async function addStakeholder(
  db: Database,
  actor: Actor,
  prospectId: string,
  input: Static<typeof StakeholderInput>,
): Promise<ProspectView> {
  return unitOfWork(db, {}, async (tx) => {
    // The prospect's row lock (findProspect's `true`) makes count-then-insert safe against a concurrent add.
    found(await findProspect(tx, actor.workspaceId, prospectId, true), 'prospect')
    if ((await listStakeholders(tx, actor.workspaceId, prospectId)).length >= MAX_STAKEHOLDERS)
      throw new AppError('LIMIT_REACHED', `a prospect has at most ${MAX_STAKEHOLDERS} stakeholders; remove one first`)
    await insertStakeholder(
      tx,
      {
        workspaceId: actor.workspaceId,
        prospectId,
        name: input.name,
        email: input.email ?? null,
        title: input.title ?? null,
        role: input.role,
      },
      actor.now,
    )
    return touchProspect(tx, actor, prospectId)
  })
}
