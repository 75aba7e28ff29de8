// Use case: a rubric's newest version, or the one named, with the list of its versions.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { findRubricVersion, listRubricVersions } from '../../db/repositories/rubrics.js'
import { found } from '../../errors.js'
import type { RubricDetail } from '../../schemas/rubrics.js'
import { rubricView } from './rubric-view.js'

export const rubricNamed = (version: number | undefined) =>
  version === undefined ? 'rubric' : `rubric version ${version}`

export async function getRubric(
  db: Db,
  workspaceId: string,
  rubricId: string,
  version?: number,
): Promise<Static<typeof RubricDetail>> {
  const row = found(await findRubricVersion(db, workspaceId, rubricId, version), rubricNamed(version))
  const versions = (await listRubricVersions(db, workspaceId, rubricId)).map((r) => r.version).sort((a, b) => a - b)
  return { ...rubricView(row), versions }
}
