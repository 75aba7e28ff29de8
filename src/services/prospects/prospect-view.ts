// The API shape of a prospect and its stakeholders.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listStakeholders, type ProspectRow, type StakeholderRow } from '../../db/repositories/prospects.js'
import type { ProspectStatus, StakeholderRole } from '../../qualification/lifecycle.js'
import type { Prospect, Stakeholder } from '../../schemas/prospects.js'

export type ProspectView = Static<typeof Prospect>

export function stakeholderView(row: StakeholderRow): Static<typeof Stakeholder> {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    title: row.title,
    role: row.role as StakeholderRole,
    created_at: row.createdAt.toISOString(),
  }
}

export function prospectView(row: ProspectRow, stakeholders: StakeholderRow[]): ProspectView {
  return {
    id: row.id,
    lead_id: row.leadId,
    status: row.status as ProspectStatus,
    qualification: row.qualification,
    rubric: { id: row.rubricId, version: row.rubricVersion },
    override: row.overridden ? { reason: row.overrideReason ?? '' } : null,
    notes: row.notes,
    stakeholders: stakeholders.map(stakeholderView),
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }
}

/** The view of a prospect row, with its stakeholders read in the same transaction. */
export async function presentProspect(db: Db, row: ProspectRow): Promise<ProspectView> {
  return prospectView(row, await listStakeholders(db, row.workspaceId, row.id))
}
