// Use case: backtest a rubric (inline, a stored version, or the active one) on a labelled dataset. Stores nothing;
// memory stays flat whatever the number of rows, since rows are scored as they arrive and only counts are kept.
import type { Db } from '../../db/client.js'
import { createBacktest } from '../../qualification/index.js'
import type { BacktestAnswer } from '../../schemas/learning.js'
import { chooseRubric } from '../rubrics/scoring-rubric.js'
import { labelledDataset, OutcomeCounter, type DatasetSource } from './labelled-dataset.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export interface RubricChoice {
  rubric?: unknown
  rubric_id?: string | undefined
  rubric_version?: number | undefined
}

export async function backtestRubric(
  db: Db,
  compiled: CompiledRubrics,
  workspaceId: string,
  choice: RubricChoice,
  source: DatasetSource,
): Promise<BacktestAnswer> {
  const rubric = await chooseRubric(db, compiled, workspaceId, choice)
  const dataset = await labelledDataset(db, workspaceId, source)
  const backtest = createBacktest(rubric)
  const outcomes = new OutcomeCounter()
  for await (const row of dataset.rows) backtest.add(outcomes.count(row))
  outcomes.assertBothOutcomes(dataset.tally)
  return { dataset: dataset.tally, report: backtest.report() }
}
