// Scores lead facts with the workspace's active rubric; for a stored lead, with its most recent activities.
import type { Db } from '../../db/client.js'
import { listRecentActivities, type LeadRow } from '../../db/repositories/leads.js'
import {
  evaluate,
  MAX_SCORED_ACTIVITIES,
  type Activity,
  type Evaluation,
  type LeadFacts,
} from '../../qualification/index.js'
import type { TtlCache } from '../cache/ttl-cache.js'
import { activeRubric, type ScoringRubric } from '../rubrics/scoring-rubric.js'
import { asActivity, leadFacts } from './lead-view.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export async function scoreFacts(
  db: Db,
  compiled: CompiledRubrics,
  workspaceId: string,
  lead: LeadFacts,
  activities: Activity[],
  asOf: Date,
  rubrics?: TtlCache<ScoringRubric>,
): Promise<Evaluation> {
  return evaluate({ lead, activities, rubric: await activeRubric(db, compiled, workspaceId, rubrics), asOf })
}

export async function scoreLead(db: Db, compiled: CompiledRubrics, lead: LeadRow, asOf: Date): Promise<Evaluation> {
  const activities = await listRecentActivities(db, lead.workspaceId, lead.id, MAX_SCORED_ACTIVITIES)
  return scoreFacts(db, compiled, lead.workspaceId, leadFacts(lead), activities.map(asActivity), asOf)
}
