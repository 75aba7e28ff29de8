// Use case: a page of a lead's activities, newest recorded first.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { findLead, listActivities } from '../../db/repositories/leads.js'
import { found } from '../../errors.js'
import type { ActivityList, ActivityQuery } from '../../schemas/leads.js'
import { pageQuery, pageView } from '../page.js'
import { activityView } from './lead-view.js'

export async function searchActivities(
  db: Db,
  workspaceId: string,
  leadId: string,
  q: Static<typeof ActivityQuery>,
): Promise<Static<typeof ActivityList>> {
  found(await findLead(db, workspaceId, leadId), 'lead')
  const page = await listActivities(db, workspaceId, leadId, pageQuery(q))
  return pageView(page.rows.map(activityView), page.hasMore)
}
