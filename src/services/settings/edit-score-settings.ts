// Use case: change the temperature thresholds or the score-change threshold; warm must stay below hot.
import type { Database } from '../../db/client.js'
import { lockWorkspace, setScoreSettings } from '../../db/repositories/workspaces.js'
import { AppError } from '../../errors.js'
import type { ScoreSettings } from '../../qualification/index.js'
import type { ScoreSettingsBody } from '../../schemas/settings.js'
import { workspaceScoreSettings } from './workspace-score-settings.js'

export async function editScoreSettings(
  db: Database,
  workspaceId: string,
  changes: ScoreSettingsBody,
): Promise<ScoreSettings> {
  return db.transaction(async (tx) => {
    await lockWorkspace(tx, workspaceId)
    const current = await workspaceScoreSettings(tx, workspaceId)
    const next: ScoreSettings = {
      temperature: { ...current.temperature, ...changes.temperature },
      score_change_threshold: changes.score_change_threshold ?? current.score_change_threshold,
    }
    if (next.temperature.warm >= next.temperature.hot) {
      const pointer = changes.temperature?.warm === undefined ? '/temperature/hot' : '/temperature/warm'
      const detail = `warm (${next.temperature.warm}) must be below hot (${next.temperature.hot})`
      throw new AppError('VALIDATION_FAILED', `body ${pointer}: ${detail}`, {
        errors: [{ pointer, in: 'body', detail }],
      })
    }
    await setScoreSettings(tx, workspaceId, next)
    return next
  })
}
