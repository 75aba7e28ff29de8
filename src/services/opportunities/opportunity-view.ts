// The API shape of an opportunity, with its stage's probability and forecast category.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import type { OpportunityRow } from '../../db/repositories/opportunities.js'
import type { Stage } from '../../qualification/lifecycle.js'
import type { StageSettings } from '../../qualification/stages.js'
import type { Opportunity } from '../../schemas/opportunities.js'
import { workspaceStageSettings } from '../settings/workspace-stage-settings.js'

export type OpportunityView = Static<typeof Opportunity>

export function opportunityView(row: OpportunityRow, settings: StageSettings): OpportunityView {
  const stage = row.stage as Stage
  return {
    id: row.id,
    prospect_id: row.prospectId,
    name: row.name,
    amount: row.amount,
    currency: row.currency,
    expected_close_date: row.expectedCloseDate,
    stage,
    probability: settings[stage].probability,
    forecast_category: settings[stage].forecast_category,
    lost_reason: row.lostReason,
    closed_at: row.closedAt?.toISOString() ?? null,
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  }
}

/** The views of rows of one workspace, with its stage settings read in the same transaction. */
export async function presentOpportunities(
  db: Db,
  workspaceId: string,
  rows: OpportunityRow[],
): Promise<OpportunityView[]> {
  const settings = await workspaceStageSettings(db, workspaceId)
  return rows.map((r) => opportunityView(r, settings))
}

export async function presentOpportunity(db: Db, row: OpportunityRow): Promise<OpportunityView> {
  return opportunityView(row, await workspaceStageSettings(db, row.workspaceId))
}
