// The API shape of a stored rubric version.
import type { RubricVersionRow } from '../../db/repositories/rubrics.js'
import type { FitResult } from '../../qualification/index.js'

/** What a fit stored next to its draft: the FitResult without the definition, which is the version itself. */
export type FitSummary = Omit<FitResult, 'definition'>

export function rubricView(row: RubricVersionRow) {
  return {
    id: row.rubricId,
    version: row.version,
    name: row.name,
    description: row.description,
    active: row.active,
    draft: row.draft,
    fit: (row.fit as FitSummary | null) ?? null,
    definition: row.definition,
    created_at: row.createdAt.toISOString(),
  }
}
export type RubricView = ReturnType<typeof rubricView>
