// A workspace's stage probabilities and forecast categories: its own, over the defaults.
import type { Db } from '../../db/client.js'
import { findWorkspace } from '../../db/repositories/workspaces.js'
import { stageSettings, type StageSettings } from '../../qualification/stages.js'

export async function workspaceStageSettings(db: Db, workspaceId: string): Promise<StageSettings> {
  const workspace = await findWorkspace(db, workspaceId)
  return stageSettings(workspace?.stageSettings as Partial<StageSettings> | null)
}
