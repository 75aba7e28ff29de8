// Use case: a page of opportunities, newest first, filtered by stage or prospect.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listOpportunities } from '../../db/repositories/opportunities.js'
import type { OpportunityList, OpportunityQuery } from '../../schemas/opportunities.js'
import { pageQuery, pageView } from '../page.js'
import { presentOpportunities } from './opportunity-view.js'

export async function searchOpportunities(
  db: Db,
  workspaceId: string,
  q: Static<typeof OpportunityQuery>,
): Promise<Static<typeof OpportunityList>> {
  const page = await listOpportunities(db, workspaceId, { stage: q.stage, prospectId: q.prospect_id }, pageQuery(q))
  return pageView(await presentOpportunities(db, workspaceId, page.rows), page.hasMore)
}
