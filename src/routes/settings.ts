// Score settings: the temperature thresholds of the lead list and the score change that emits lead.score_changed.
import { problems } from '../schemas/common.js'
import { ScoreSettingsBody, ScoreSettingsView } from '../schemas/settings.js'
import { editScoreSettings } from '../services/settings/edit-score-settings.js'
import { getScoreSettings } from '../services/settings/get-score-settings.js'
import type { App, RouteDeps } from './route-deps.js'

const tags = ['settings']

export function settingsRoutes(app: App, { db }: RouteDeps): void {
  app.get(
    '/v1/settings/scores',
    {
      schema: {
        operationId: 'getScoreSettings',
        summary: 'Temperature thresholds (hot, warm) and the score change that emits lead.score_changed',
        tags,
        response: { 200: ScoreSettingsView, ...problems() },
      },
    },
    async (request) => getScoreSettings(db, request.auth.workspaceId),
  )

  app.patch(
    '/v1/settings/scores',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'updateScoreSettings',
        summary: 'Change the temperature thresholds (warm below hot) or the score-change threshold',
        tags,
        body: ScoreSettingsBody,
        response: { 200: ScoreSettingsView, ...problems(413, 415) },
      },
    },
    async (request) => editScoreSettings(db, request.auth.workspaceId, request.body),
  )
}
