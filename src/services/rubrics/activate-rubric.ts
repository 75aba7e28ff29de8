// Use case: make one rubric version the workspace's active one (the newest version when none is named).
import type { Database } from '../../db/client.js'
import { activateRubricVersion, findRubricVersion } from '../../db/repositories/rubrics.js'
import { lockWorkspace } from '../../db/repositories/workspaces.js'
import { found } from '../../errors.js'
import { rubricNamed } from './get-rubric.js'
import { rubricView, type RubricView } from './rubric-view.js'

export async function activateRubric(
  db: Database,
  workspaceId: string,
  rubricId: string,
  version?: number,
): Promise<RubricView> {
  return db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const row = found(await findRubricVersion(tx, workspaceId, rubricId, version), rubricNamed(version))
    await activateRubricVersion(tx, workspaceId, rubricId, row.version)
    return rubricView({ ...row, active: true })
  })
}
