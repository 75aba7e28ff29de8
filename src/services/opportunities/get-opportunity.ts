// Use case: read an opportunity.
import type { Db } from '../../db/client.js'
import { findOpportunity } from '../../db/repositories/opportunities.js'
import { found } from '../../errors.js'
import { presentOpportunity, type OpportunityView } from './opportunity-view.js'

export async function getOpportunity(db: Db, workspaceId: string, id: string): Promise<OpportunityView> {
  return presentOpportunity(db, found(await findOpportunity(db, workspaceId, id), 'opportunity'))
}
