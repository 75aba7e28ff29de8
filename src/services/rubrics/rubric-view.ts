// The API shape of a stored rubric version.
import type { RubricVersionRow } from '../../db/repositories/rubrics.js'
import type { Rubric } from '../../qualification/index.js'

export function rubricView(row: RubricVersionRow) {
  return {
    id: row.rubricId,
    version: row.version,
    name: row.name,
    description: row.description,
    active: row.active,
    definition: row.definition as unknown as Rubric,
    created_at: row.createdAt.toISOString(),
  }
}
export type RubricView = ReturnType<typeof rubricView>
