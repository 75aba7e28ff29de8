// Use case: read a lead.
import type { Db } from '../../db/client.js'
import { findLead } from '../../db/repositories/leads.js'
import { found } from '../../errors.js'
import type { Lead } from '../../schemas/leads.js'
import { leadView } from './lead-view.js'

export async function getLead(db: Db, workspaceId: string, id: string): Promise<Lead> {
  return leadView(found(await findLead(db, workspaceId, id), 'lead'))
}
