// Use case: score a lead payload that need not exist, with any rubric, at any time. Writes nothing.
import type { Db } from '../../db/client.js'
import { evaluate, type Evaluation } from '../../qualification/index.js'
import type { Static } from 'typebox'
import type { EvaluateBody } from '../../schemas/qualifications.js'
import { chooseRubric } from '../rubrics/scoring-rubric.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export async function evaluateWhatIf(
  db: Db,
  compiled: CompiledRubrics,
  workspaceId: string,
  body: Static<typeof EvaluateBody>,
  now: Date,
): Promise<Evaluation> {
  const rubric = await chooseRubric(db, compiled, workspaceId, body)
  const asOf = body.as_of === undefined ? now : new Date(body.as_of)
  return evaluate({ lead: body.lead, activities: body.activities ?? [], rubric, asOf })
}
