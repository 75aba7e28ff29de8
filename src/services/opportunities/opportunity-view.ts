// The API shape of an opportunity, with its stage's probability and forecast category.
import type { Db } from '../../db/client.js'
import type { OpportunityRow } from '../../db/repositories/opportunities.js'
import { findWorkspace } from '../../db/repositories/workspaces.js'
import type { Stage } from '../../qualification/lifecycle.js'
import { stageSettings, type StageSettings } from '../../qualification/stages.js'
import type { Static } from 'typebox'
import type { Opportunity } from '../../schemas/opportunities.js'

export async function workspaceStageSettings(db: Db, workspaceId: string): Promise<StageSettings> {
  const workspace = await findWorkspace(db, workspaceId)
  return stageSettings(workspace?.stageSettings as Partial<StageSettings> | null)
}

export function opportunityView(row: OpportunityRow, settings: StageSettings): Static<typeof Opportunity> {
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
