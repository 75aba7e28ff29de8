// Use cases: list rubric versions, read one, and find the one to score with.
import type { Db } from '../../db/client.js'
import { findActiveRubric, findRubricVersion, listRubricVersions } from '../../db/repositories/rubrics.js'
import { AppError, notFound } from '../../errors.js'
import { templates, type Rubric, type RubricTemplate } from '../../qualification/index.js'
import { assertValidRubric } from './check.js'
import { rubricView, type RubricView } from './rubric-view.js'

export const listTemplates = (): RubricTemplate[] => Object.values(templates)

export async function listRubrics(db: Db, workspaceId: string): Promise<RubricView[]> {
  return (await listRubricVersions(db, workspaceId)).map(rubricView)
}

export async function getRubric(db: Db, workspaceId: string, rubricId: string, version?: number) {
  const row = await findRubricVersion(db, workspaceId, rubricId, version)
  if (row === undefined) throw notFound(version === undefined ? 'rubric' : `rubric version ${version}`)
  const versions = (await listRubricVersions(db, workspaceId, rubricId)).map((r) => r.version).sort((a, b) => a - b)
  return { ...rubricView(row), versions }
}

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
  definition: unknown
}): ScoringRubric {
  const key = `${row.workspaceId}/${row.rubricId}/${row.version}`
  let definition = definitions.get(key)
  if (definition === undefined) {
    definition = row.definition as Rubric
    if (definitions.size >= MAX_DEFINITIONS) definitions.delete(definitions.keys().next().value!)
    definitions.set(key, definition)
  }
  return { id: row.rubricId, version: row.version, definition }
}

export async function activeRubric(db: Db, workspaceId: string): Promise<ScoringRubric> {
  const row = await findActiveRubric(db, workspaceId)
  if (row === undefined)
    throw new AppError(
      'CONFLICT',
      'the workspace has no active rubric; activate one with POST /v1/rubrics/{id}/activate',
    )
  return scoringRubric(row)
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
  const row = await findRubricVersion(db, workspaceId, choice.rubric_id, choice.rubric_version)
  if (row === undefined) throw notFound('rubric')
  return scoringRubric(row)
}
