// Use case: score many lead payloads with one rubric, each item checked and answered on its own. Writes nothing.
import type { Db } from '../../db/client.js'
import { evaluate } from '../../qualification/index.js'
import { ajvProblems, bodyChecker } from '../../schemas/ajv.js'
import {
  EvaluateItem,
  type EvaluateBatchBody,
  type EvaluateBatchItemResult,
  type EvaluateBatchResult,
} from '../../schemas/evaluate-batch.js'
import { chooseRubric } from '../rubrics/scoring-rubric.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

const checkItem = bodyChecker<EvaluateItem>(EvaluateItem)

export async function evaluateBatch(
  db: Db,
  compiled: CompiledRubrics,
  workspaceId: string,
  body: EvaluateBatchBody,
  now: Date,
): Promise<EvaluateBatchResult> {
  // The rubric is the call's: a bad or unknown one fails the whole call before any item is scored.
  const rubric = await chooseRubric(db, compiled, workspaceId, body)
  const defaultAsOf = body.as_of === undefined ? now : new Date(body.as_of)
  const results = body.items.map((item: unknown, index): EvaluateBatchItemResult => {
    if (!checkItem(item)) {
      return { index, result: 'error', errors: ajvProblems(checkItem.errors, `/items/${index}`) }
    }
    const asOf = item.as_of === undefined ? defaultAsOf : new Date(item.as_of)
    const evaluation = evaluate({ lead: item.lead, activities: item.activities ?? [], rubric, asOf })
    return { index, result: 'ok', evaluation }
  })
  const ok = results.filter((r) => r.result === 'ok').length
  return { results, summary: { ok, error: results.length - ok } }
}
