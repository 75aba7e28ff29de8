// Use cases: list rubric versions, read one, and find the one to score with.
import type { Db } from '../../db/client.js'
import { findActiveRubric, findRubricVersion, listRubricVersions } from '../../db/repositories/rubrics.js'
import { AppError, notFound } from '../../errors.js'
import { templates, type Rubric, type RubricTemplate } from '../../qualification/index.js'
import { assertValidRubric } from './check.js'
import { rubricView, type RubricView } from './rubric-view.js'

export const listTemplates = (): RubricTemplate[] => Object.values(templates)

export async function listRubrics (db: Db, workspaceId: string): Promise<RubricView[]> {
  return (await listRubricVersions(db, workspaceId)).map(rubricView)
}

export async function getRubric (db: Db, workspaceId: string, rubricId: string, version?: number) {
  const row = await findRubricVersion(db, workspaceId, rubricId, version)
  if (row === undefined) throw notFound(version === undefined ? 'rubric' : `rubric version ${version}`)
  const versions = (await listRubricVersions(db, workspaceId, rubricId)).map((r) => r.version).sort((a, b) => a - b)
  return { ...rubricView(row), versions }
}

export interface ScoringRubric { id: string, version: number, definition: Rubric }

export async function activeRubric (db: Db, workspaceId: string): Promise<ScoringRubric> {
  const row = await findActiveRubric(db, workspaceId)
  if (row === undefined) throw new AppError('CONFLICT', 'the workspace has no active rubric; activate one with POST /v1/rubrics/{id}/activate')
  return { id: row.rubricId, version: row.version, definition: row.definition as unknown as Rubric }
}

/** The rubric a what-if evaluation asked for: inline, a stored version, or the active one. */
export async function chooseRubric (
  db: Db, workspaceId: string, choice: { rubric?: unknown, rubric_id?: string | undefined, rubric_version?: number | undefined }
): Promise<ScoringRubric> {
  if (choice.rubric !== undefined) return { id: 'inline', version: 1, definition: assertValidRubric(choice.rubric, '/rubric') }
  if (choice.rubric_id === undefined) return activeRubric(db, workspaceId)
  const row = await findRubricVersion(db, workspaceId, choice.rubric_id, choice.rubric_version)
  if (row === undefined) throw notFound('rubric')
  return { id: row.rubricId, version: row.version, definition: row.definition as unknown as Rubric }
}
