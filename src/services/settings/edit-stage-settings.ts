// Use case: change some stages' probability or forecast category.
import type { Database } from '../../db/client.js'
import { lockWorkspace, setStageSettings } from '../../db/repositories/workspaces.js'
import type { StageSettings } from '../../qualification/stages.js'
import { workspaceStageSettings } from './workspace-stage-settings.js'

export async function editStageSettings(
  db: Database,
  workspaceId: string,
  changes: Partial<StageSettings>,
): Promise<StageSettings> {
  return db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const current = await workspaceStageSettings(tx, workspaceId)
    const next = { ...current, ...changes }
    await setStageSettings(tx, workspaceId, next)
    return next
  })
}
