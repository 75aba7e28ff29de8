// Use case: read a prospect with its stakeholders.
import type { Db } from '../../db/client.js'
import { findProspect } from '../../db/repositories/prospects.js'
import { found } from '../../errors.js'
import { presentProspect, type ProspectView } from './prospect-view.js'

export async function getProspect(db: Db, workspaceId: string, id: string): Promise<ProspectView> {
  return presentProspect(db, found(await findProspect(db, workspaceId, id), 'prospect'))
}
