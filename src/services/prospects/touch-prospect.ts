// After a change to its stakeholders: a prospect's new version and the event that announces it.
import type { Db } from '../../db/client.js'
import { updateProspect } from '../../db/repositories/prospects.js'
import type { Actor } from '../lifecycle/actor.js'
import { recordEvent } from '../lifecycle/record.js'
import { presentProspect, type ProspectView } from './prospect-view.js'

export async function touchProspect(tx: Db, actor: Actor, prospectId: string): Promise<ProspectView> {
  const updated = await presentProspect(tx, await updateProspect(tx, actor.workspaceId, prospectId, {}, actor.now))
  await recordEvent(tx, actor, 'prospect', prospectId, { type: 'prospect.updated', payload: updated })
  return updated
}
