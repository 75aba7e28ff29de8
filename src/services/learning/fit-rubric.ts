// Use case: fit a rubric's points on a labelled dataset and store the result as a new DRAFT version (never active
// until a person activates it), with its cross-validated and held-out backtest.
import { randomUUID } from 'node:crypto'
import type { Database } from '../../db/client.js'
import { findRubricVersion } from '../../db/repositories/rubrics.js'
import { lockWorkspace } from '../../db/repositories/workspaces.js'
import { AppError, found } from '../../errors.js'
import { createFit, DEFAULT_TEMPLATE, FitError, type FitBase, type FitOptions } from '../../qualification/index.js'
import type { DatasetTally } from '../../schemas/datasets.js'
import { assertValidRubric } from '../rubrics/check.js'
import { insertVersion } from '../rubrics/create-rubric-version.js'
import { rubricView, type RubricView } from '../rubrics/rubric-view.js'
import { labelledDataset, OutcomeCounter, type DatasetSource } from './labelled-dataset.js'

/** Where the candidate rules come from: a template or definition (`base`), else a stored version, else the default. */
export interface FitRequest {
  base?: FitBase | undefined
  rubric_id?: string | undefined
  rubric_version?: number | undefined
  settings: Omit<FitOptions, 'base'>
}

async function candidateRules(db: Database, workspaceId: string, request: FitRequest): Promise<FitBase> {
  if (request.base !== undefined) {
    if ('definition' in request.base) assertValidRubric(request.base.definition, '/base/definition')
    return request.base
  }
  if (request.rubric_id === undefined) return { template: DEFAULT_TEMPLATE }
  const { rubric_id, rubric_version } = request
  // Only the definition is needed: createFit compiles its base once per fit.
  return { definition: found(await findRubricVersion(db, workspaceId, rubric_id, rubric_version), 'rubric').definition }
}

export async function fitRubric(
  db: Database,
  workspaceId: string,
  keyId: string,
  request: FitRequest,
  source: DatasetSource,
  now: Date,
): Promise<{ dataset: DatasetTally; rubric: RubricView }> {
  const fit = createFit({ ...request.settings, base: await candidateRules(db, workspaceId, request) })
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
    return insertVersion(tx, workspaceId, randomUUID(), definition, { keyId, now }, false, {
      draft: true,
      fit: summary,
    })
  })
  return { dataset: dataset.tally, rubric: rubricView(row) }
}
