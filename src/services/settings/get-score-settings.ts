// Use case: read a workspace's temperature thresholds and score-change threshold.
import type { Db } from '../../db/client.js'
import type { ScoreSettings } from '../../qualification/index.js'
import { workspaceScoreSettings } from './workspace-score-settings.js'

export const getScoreSettings = (db: Db, workspaceId: string): Promise<ScoreSettings> =>
  workspaceScoreSettings(db, workspaceId)
