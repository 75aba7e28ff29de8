// Use case: a page of leads, newest first or sorted, with filters (some need the clock and the workspace thresholds).
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listLeads, type LeadFilter } from '../../db/repositories/leads.js'
import { temperatureRange } from '../../qualification/index.js'
import type { LeadList, LeadListQuery } from '../../schemas/leads.js'
import { listSort, pageQuery, pageView, stalledSince } from '../page.js'
import { workspaceScoreSettings } from '../settings/workspace-score-settings.js'
import { leadFilter } from './lead-filter.js'
import { leadView } from './lead-view.js'

async function timedFilter(db: Db, workspaceId: string, q: LeadListQuery, now: Date): Promise<LeadFilter> {
  const filter: LeadFilter = {
    lastActivityBefore: q.last_activity_before,
    stalledSince: stalledSince(now, q.stalled_days),
  }
  if (q.temperature !== undefined) {
    const { temperature } = await workspaceScoreSettings(db, workspaceId)
    filter.engagement = { asOf: now, ...temperatureRange(q.temperature, temperature) }
  }
  return filter
}

export async function searchLeads(
  db: Db,
  workspaceId: string,
  q: LeadListQuery,
  now: Date,
): Promise<Static<typeof LeadList>> {
  const filter = { ...leadFilter(q), ...(await timedFilter(db, workspaceId, q, now)) }
  const page = await listLeads(db, workspaceId, filter, pageQuery(q), listSort(q.sort))
  return pageView(page.rows.map(leadView), page.hasMore)
}
