// The rubric to score with: the workspace's active version, or the one a what-if evaluation names.
import type { Db } from '../../db/client.js'
import { findActiveRubric, findRubricVersion } from '../../db/repositories/rubrics.js'
import { AppError, found } from '../../errors.js'
import { compileRubric, type CompiledRubric, type Rubric } from '../../qualification/index.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'
import type { TtlCache } from '../cache/ttl-cache.js'
import { assertValidRubric } from './check.js'

export interface ScoringRubric {
  id: string
  version: number
  definition: Rubric
  compiled: CompiledRubric
}

function scoringRubric(
  compiled: CompiledRubrics,
  row: { workspaceId: string; rubricId: string; version: number; definition: Rubric },
): ScoringRubric {
  return {
    id: row.rubricId,
    version: row.version,
    definition: row.definition,
    compiled: compiled.of(row, row.definition),
  }
}

/** With `cache`, the rubric may be one activation behind for as long as the invalidation takes to arrive. */
export async function activeRubric(
  db: Db,
  compiled: CompiledRubrics,
  workspaceId: string,
  cache?: TtlCache<ScoringRubric>,
): Promise<ScoringRubric> {
  const load = async () => {
    const row = await findActiveRubric(db, workspaceId)
    return row === undefined ? undefined : scoringRubric(compiled, row)
  }
  const rubric = cache === undefined ? await load() : await cache.load(workspaceId, load)
  if (rubric === undefined)
    throw new AppError(
      'CONFLICT',
      'the workspace has no active rubric; activate one with POST /v1/rubrics/{id}/activate',
    )
  return rubric
}

/** The rubric a what-if evaluation asked for: inline, a stored version, or the active one. */
export async function chooseRubric(
  db: Db,
  compiled: CompiledRubrics,
  workspaceId: string,
  choice: { rubric?: unknown; rubric_id?: string | undefined; rubric_version?: number | undefined },
): Promise<ScoringRubric> {
  if (choice.rubric !== undefined) {
    // An inline rubric has no version to key it by: it is compiled for this request only.
    const definition = assertValidRubric(choice.rubric, '/rubric')
    return { id: 'inline', version: 1, definition, compiled: compileRubric(definition) }
  }
  if (choice.rubric_id === undefined) return activeRubric(db, compiled, workspaceId)
  return scoringRubric(
    compiled,
    found(await findRubricVersion(db, workspaceId, choice.rubric_id, choice.rubric_version), 'rubric'),
  )
}
