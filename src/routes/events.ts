// The event log (a polling trigger for integrations) and the workspace's stage settings.
import { problems } from '../schemas/common.js'
import { EventList, EventQuery, StageSettingsBody, StageSettingsView } from '../schemas/lifecycle.js'
import { pollEvents } from '../services/lifecycle/events.js'
import { changeStageSettings, readStageSettings } from '../services/settings/stage-settings.js'
import { page, type App, type RouteDeps } from './app-type.js'

export function eventRoutes(app: App, { db }: RouteDeps): void {
  app.get(
    '/v1/events',
    {
      schema: {
        operationId: 'listEvents',
        summary: 'Every change as an event, newest first; poll with starting_after or watch seq',
        tags: ['events'],
        querystring: EventQuery,
        response: { 200: EventList, ...problems(404) },
      },
    },
    async (request) => {
      const { rows, hasMore } = await pollEvents(db, request.auth.workspaceId, request.query)
      return page(rows, hasMore)
    },
  )

  app.get(
    '/v1/settings/stages',
    {
      schema: {
        operationId: 'getStageSettings',
        summary: 'Win probability and forecast category of each opportunity stage',
        tags: ['settings'],
        response: { 200: StageSettingsView, ...problems() },
      },
    },
    async (request) => readStageSettings(db, request.auth.workspaceId),
  )

  app.patch(
    '/v1/settings/stages',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'updateStageSettings',
        summary: "Change some stages' probability or forecast category",
        tags: ['settings'],
        body: StageSettingsBody,
        response: { 200: StageSettingsView, ...problems(413, 415) },
      },
    },
    async (request) => changeStageSettings(db, request.auth.workspaceId, request.body),
  )
}
