// Use case: a page of prospects, newest first, filtered by status or lead.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listProspects } from '../../db/repositories/prospects.js'
import type { ProspectList, ProspectQuery } from '../../schemas/prospects.js'
import { pageQuery, pageView } from '../page.js'
import { presentProspect } from './prospect-view.js'

export async function searchProspects(
  db: Db,
  workspaceId: string,
  q: Static<typeof ProspectQuery>,
): Promise<Static<typeof ProspectList>> {
  const page = await listProspects(db, workspaceId, { status: q.status, leadId: q.lead_id }, pageQuery(q))
  return pageView(await Promise.all(page.rows.map((r) => presentProspect(db, r))), page.hasMore)
}
