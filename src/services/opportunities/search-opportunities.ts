// Use case: a page of opportunities, newest first or sorted, filtered by stage, prospect, owner, currency, expected
// close date or stall.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listOpportunities } from '../../db/repositories/opportunities.js'
import type { OpportunityList, OpportunityQuery } from '../../schemas/opportunities.js'
import { listSort, pageQuery, pageView, stalledSince } from '../page.js'
import { presentOpportunities } from './opportunity-view.js'

export async function searchOpportunities(
  db: Db,
  workspaceId: string,
  q: OpportunityQuery,
  now: Date,
): Promise<Static<typeof OpportunityList>> {
  const filter = {
    stage: q.stage,
    prospectId: q.prospect_id,
    owner: q.owner,
    currency: q.currency,
    expectedCloseAfter: q.expected_close_after,
    expectedCloseBefore: q.expected_close_before,
    stalledSince: stalledSince(now, q.stalled_days),
  }
  const page = await listOpportunities(db, workspaceId, filter, pageQuery(q), listSort(q.sort))
  return pageView(await presentOpportunities(db, workspaceId, page.rows), page.hasMore)
}
