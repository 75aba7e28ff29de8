// Use case: a page of prospects, newest first or sorted, filtered by status, lead, owner, override or stall.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listProspects } from '../../db/repositories/prospects.js'
import type { ProspectList, ProspectQuery } from '../../schemas/prospects.js'
import { listSort, pageQuery, pageView, stalledSince } from '../page.js'
import { presentProspect } from './prospect-view.js'

export async function searchProspects(
  db: Db,
  workspaceId: string,
  q: ProspectQuery,
  now: Date,
): Promise<Static<typeof ProspectList>> {
  const filter = {
    status: q.status,
    leadId: q.lead_id,
    owner: q.owner,
    overridden: q.overridden,
    stalledSince: stalledSince(now, q.stalled_days),
  }
  const page = await listProspects(db, workspaceId, filter, pageQuery(q), listSort(q.sort))
  return pageView(await Promise.all(page.rows.map((r) => presentProspect(db, r))), page.hasMore)
}
