// Use cases: read and change a workspace's stage probabilities and forecast categories.
import type { Database, Db } from '../../db/client.js'
import { lockWorkspace, setStageSettings } from '../../db/repositories/workspaces.js'
import type { StageSettings } from '../../qualification/stages.js'
import { workspaceStageSettings } from './workspace-stage-settings.js'

export const readStageSettings = (db: Db, workspaceId: string): Promise<StageSettings> =>
  workspaceStageSettings(db, workspaceId)

export async function changeStageSettings(
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
