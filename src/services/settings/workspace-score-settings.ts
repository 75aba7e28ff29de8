// A workspace's temperature thresholds and score-change threshold: its own, over the defaults.
import type { Db } from '../../db/client.js'
import { findWorkspace } from '../../db/repositories/workspaces.js'
import { scoreSettings, type ScoreSettings } from '../../qualification/index.js'

export async function workspaceScoreSettings(db: Db, workspaceId: string): Promise<ScoreSettings> {
  const workspace = await findWorkspace(db, workspaceId)
  return scoreSettings(workspace?.scoreSettings as Partial<ScoreSettings> | null)
}
