// Use case: a page of leads, newest first, with filters.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listLeads } from '../../db/repositories/leads.js'
import type { LeadList, LeadQuery } from '../../schemas/leads.js'
import { pageQuery, pageView } from '../page.js'
import { leadFilter } from './lead-filter.js'
import { leadView } from './lead-view.js'

export async function searchLeads(db: Db, workspaceId: string, q: LeadQuery): Promise<Static<typeof LeadList>> {
  const page = await listLeads(db, workspaceId, leadFilter(q), pageQuery(q))
  return pageView(page.rows.map(leadView), page.hasMore)
}
