// Use case: read a workspace's stage probabilities and forecast categories.
import type { Db } from '../../db/client.js'
import type { StageSettings } from '../../qualification/stages.js'
import { workspaceStageSettings } from './workspace-stage-settings.js'

export const getStageSettings = (db: Db, workspaceId: string): Promise<StageSettings> =>
  workspaceStageSettings(db, workspaceId)
