// Use case: make one rubric version the workspace's active one (the newest version when none is named).
import type { Database } from '../../db/client.js'
import { activateRubricVersion, findRubricVersion } from '../../db/repositories/rubrics.js'
import { insertJob } from '../../db/repositories/jobs.js'
import { lockWorkspace } from '../../db/repositories/workspaces.js'
import { found } from '../../errors.js'
import type { TtlCache } from '../cache/ttl-cache.js'
import { rubricNamed } from './get-rubric.js'
import { rubricView, type RubricView } from './rubric-view.js'
import type { ScoringRubric } from './scoring-rubric.js'

export async function activateRubric(
  db: Database,
  rubrics: TtlCache<ScoringRubric>,
  workspaceId: string,
  rubricId: string,
  version?: number,
): Promise<RubricView> {
  const view = await db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const row = found(await findRubricVersion(tx, workspaceId, rubricId, version), rubricNamed(version))
    await activateRubricVersion(tx, workspaceId, rubricId, row.version)
    // Stored scores were made with the previous version: the open leads are rescored in the background.
    await insertJob(tx, workspaceId, 'rescore', 'activation')
    return rubricView({ ...row, active: true })
  })
  // Other instances hear of it on commit; this one scores with the new version from its next request on.
  rubrics.delete(workspaceId)
  return view
}
