// Use case: a lead's stored score changes, newest first.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { findLead } from '../../db/repositories/leads.js'
import { listLeadScores, type LeadScoreRow } from '../../db/repositories/rescore.js'
import { found } from '../../errors.js'
import type { LeadScore, LeadScoreList } from '../../schemas/jobs.js'
import { pageQuery, pageView, type ListQuery } from '../page.js'

const scoreView = (row: LeadScoreRow) =>
  ({
    id: row.id,
    lead_id: row.leadId,
    total: row.total,
    previous_total: row.previousTotal,
    grade: row.grade,
    decision: row.decision,
    rubric_id: row.rubricId,
    rubric_version: row.rubricVersion,
    evaluated_at: row.evaluatedAt.toISOString(),
    recorded_at: row.createdAt.toISOString(),
  }) as Static<typeof LeadScore>

export async function searchLeadScores(
  db: Db,
  workspaceId: string,
  leadId: string,
  q: ListQuery,
): Promise<Static<typeof LeadScoreList>> {
  found(await findLead(db, workspaceId, leadId), 'lead')
  const page = await listLeadScores(db, workspaceId, leadId, pageQuery(q))
  return pageView(page.rows.map(scoreView), page.hasMore)
}
