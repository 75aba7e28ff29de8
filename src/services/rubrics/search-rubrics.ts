// Use case: every rubric version of the workspace, newest first.
import type { Static } from 'typebox'
import type { Db } from '../../db/client.js'
import { listRubricVersions } from '../../db/repositories/rubrics.js'
import type { RubricList } from '../../schemas/rubrics.js'
import { rubricView } from './rubric-view.js'

export async function searchRubrics(db: Db, workspaceId: string): Promise<Static<typeof RubricList>> {
  return { data: (await listRubricVersions(db, workspaceId)).map(rubricView) }
}
