// The API shape of a prospect and its stakeholders.
import type { ProspectRow, StakeholderRow } from '../../db/repositories/prospects.js'
import type { Static } from 'typebox'
import type { Evaluation } from '../../qualification/index.js'
import type { ProspectStatus, StakeholderRole } from '../../qualification/lifecycle.js'
import type { Prospect } from '../../schemas/prospects.js'

export function stakeholderView(row: StakeholderRow) {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    title: row.title,
    role: row.role as StakeholderRole,
    created_at: row.createdAt.toISOString(),
  }
}

export function prospectView(row: ProspectRow, stakeholders: StakeholderRow[]): Static<typeof Prospect> {
  return {
    id: row.id,
    lead_id: row.leadId,
    status: row.status as ProspectStatus,
    qualification: row.qualification as unknown as Evaluation,
    rubric: { id: row.rubricId, version: row.rubricVersion },
    override: row.overridden ? { reason: row.overrideReason ?? '' } : null,
    notes: row.notes,
    stakeholders: stakeholders.map(stakeholderView),
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }
}
