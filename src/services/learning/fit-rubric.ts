// Use case: fit a rubric's points on a labelled dataset and store the result as a new DRAFT version (never active
// until a person activates it), with its cross-validated and held-out backtest.
import { randomUUID } from 'node:crypto'
import type { Database } from '../../db/client.js'
import { lockWorkspace } from '../../db/repositories/workspaces.js'
import { AppError } from '../../errors.js'
import { createFit, FitError, type FitOptions } from '../../qualification/index.js'
import type { DatasetTally } from '../../schemas/datasets.js'
import { assertValidRubric } from '../rubrics/check.js'
import { insertVersion } from '../rubrics/create-rubric-version.js'
import { rubricView, type RubricView } from '../rubrics/rubric-view.js'
import { labelledDataset, OutcomeCounter, type DatasetSource } from './labelled-dataset.js'

export async function fitRubric(
  db: Database,
  workspaceId: string,
  keyId: string,
  options: FitOptions,
  source: DatasetSource,
): Promise<{ dataset: DatasetTally; rubric: RubricView }> {
  if ('definition' in options.base) assertValidRubric(options.base.definition, '/base/definition')
  const fit = createFit(options)
  const dataset = await labelledDataset(db, workspaceId, source)
  const outcomes = new OutcomeCounter()
  for await (const row of dataset.rows) fit.add(outcomes.count(row))
  outcomes.assertBothOutcomes(dataset.tally)
  let result
  try {
    result = fit.result()
  } catch (error) {
    if (!(error instanceof FitError)) throw error
    throw new AppError('UNPROCESSABLE_DATASET', error.message, { dataset: dataset.tally })
  }
  const { definition, ...summary } = result
  const row = await db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    return insertVersion(tx, workspaceId, randomUUID(), definition, keyId, false, { draft: true, fit: summary })
  })
  return { dataset: dataset.tally, rubric: rubricView(row) }
}
