// Use case: edit a prospect's notes (its status changes only through transitions).
import type { Static } from 'typebox'
import type { Database } from '../../db/client.js'
import { findProspect, updateProspect } from '../../db/repositories/prospects.js'
import { found } from '../../errors.js'
import type { ProspectPatch } from '../../schemas/prospects.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { recordEvent } from '../lifecycle/record.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { presentProspect, type ProspectView } from './prospect-view.js'

export async function editProspect(
  db: Database,
  actor: Actor,
  id: string,
  patch: Static<typeof ProspectPatch>,
  options: WriteOptions,
): Promise<ProspectView> {
  return unitOfWork(db, options, async (tx) => {
    const row = found(await findProspect(tx, actor.workspaceId, id, true), 'prospect')
    checkIfMatch(options.ifMatch, row.version)
    const updated = await presentProspect(
      tx,
      await updateProspect(tx, actor.workspaceId, id, { notes: patch.notes }, actor.now),
    )
    await recordEvent(tx, actor, 'prospect', id, { type: 'prospect.updated', payload: updated })
    return updated
  })
}
