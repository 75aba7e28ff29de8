// Use cases: read one lead, list leads, list a lead's activities, and score a lead afresh without storing it.
import type { Db } from '../../db/client.js'
import {
  findLead,
  listActivities,
  listLeads,
  type ActivityRow,
  type LeadFilter,
  type LeadRow,
} from '../../db/repositories/leads.js'
import type { Page } from '../../db/repositories/page.js'
import { notFound } from '../../errors.js'
import type { Evaluation } from '../../qualification/index.js'
import type { LeadQuery } from '../../schemas/leads.js'
import { scoreLead } from './score-lead.js'

export async function getLead(db: Db, workspaceId: string, id: string): Promise<LeadRow> {
  const row = await findLead(db, workspaceId, id)
  if (row === undefined) throw notFound('lead')
  return row
}

/** The list filters of a query, as the repository takes them. */
export const leadFilter = (q: Omit<LeadQuery, 'limit' | 'starting_after'>): LeadFilter => ({
  status: q.status,
  source: q.source,
  grade: q.grade,
  scoreMin: q.score_min,
  scoreMax: q.score_max,
  owner: q.owner,
  email: q.email,
  createdSince: q.created_since,
  updatedSince: q.updated_since,
})

export function searchLeads(db: Db, workspaceId: string, q: LeadQuery): Promise<Page<LeadRow>> {
  return listLeads(db, workspaceId, leadFilter(q), { limit: q.limit ?? 20, startingAfter: q.starting_after })
}

export async function leadActivities(
  db: Db,
  workspaceId: string,
  leadId: string,
  page: { limit?: number | undefined; starting_after?: string | undefined },
): Promise<Page<ActivityRow>> {
  await getLead(db, workspaceId, leadId)
  return listActivities(db, workspaceId, leadId, { limit: page.limit ?? 20, startingAfter: page.starting_after })
}

export async function freshQualification(db: Db, workspaceId: string, id: string, asOf: Date): Promise<Evaluation> {
  return scoreLead(db, await getLead(db, workspaceId, id), asOf)
}
