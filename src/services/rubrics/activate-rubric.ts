// Use case: make one rubric version the workspace's active one (the newest version when none is named).
import type { Database } from '../../db/client.js'
import { activateRubricVersion, findRubricVersion } from '../../db/repositories/rubrics.js'
import { lockWorkspace } from '../../db/repositories/workspaces.js'
import { notFound } from '../../errors.js'
import { rubricView, type RubricView } from './rubric-view.js'

export async function activateRubric(
  db: Database,
  workspaceId: string,
  rubricId: string,
  version?: number,
): Promise<RubricView> {
  return db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const row = await findRubricVersion(tx, workspaceId, rubricId, version)
    if (row === undefined) throw notFound(version === undefined ? 'rubric' : `rubric version ${version}`)
    await activateRubricVersion(tx, workspaceId, rubricId, row.version)
    return rubricView({ ...row, active: true })
  })
}
