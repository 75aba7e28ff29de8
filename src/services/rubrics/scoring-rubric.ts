// The rubric to score with: the workspace's active version, or the one a what-if evaluation names.
import type { Db } from '../../db/client.js'
import { findActiveRubric, findRubricVersion } from '../../db/repositories/rubrics.js'
import { AppError, found } from '../../errors.js'
import type { Rubric } from '../../qualification/index.js'
import type { TtlCache } from '../cache/ttl-cache.js'
import { assertValidRubric } from './check.js'

export interface ScoringRubric {
  id: string
  version: number
  definition: Rubric
}

// A version's definition never changes, so one object per version serves every evaluation: the engine
// compiles (and checks) a definition once per object, which would otherwise cost milliseconds per scored lead.
const definitions = new Map<string, Rubric>()
const MAX_DEFINITIONS = 256

function scoringRubric(row: {
  workspaceId: string
  rubricId: string
  version: number
  definition: Rubric
}): ScoringRubric {
  const key = `${row.workspaceId}/${row.rubricId}/${row.version}`
  let definition = definitions.get(key)
  if (definition === undefined) {
    definition = row.definition
    if (definitions.size >= MAX_DEFINITIONS) definitions.delete(definitions.keys().next().value!)
    definitions.set(key, definition)
  }
  return { id: row.rubricId, version: row.version, definition }
}

/** With `cache`, the rubric may be one activation behind for as long as the invalidation takes to arrive. */
export async function activeRubric(
  db: Db,
  workspaceId: string,
  cache?: TtlCache<ScoringRubric>,
): Promise<ScoringRubric> {
  const load = async () => {
    const row = await findActiveRubric(db, workspaceId)
    return row === undefined ? undefined : scoringRubric(row)
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
  workspaceId: string,
  choice: { rubric?: unknown; rubric_id?: string | undefined; rubric_version?: number | undefined },
): Promise<ScoringRubric> {
  if (choice.rubric !== undefined)
    return { id: 'inline', version: 1, definition: assertValidRubric(choice.rubric, '/rubric') }
  if (choice.rubric_id === undefined) return activeRubric(db, workspaceId)
  return scoringRubric(
    found(await findRubricVersion(db, workspaceId, choice.rubric_id, choice.rubric_version), 'rubric'),
  )
}
