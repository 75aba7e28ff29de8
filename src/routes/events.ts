// The event log (a polling trigger for integrations) and the workspace's stage settings.
import { problems } from '../schemas/common.js'
import { EventList, EventQuery, StageSettingsBody, StageSettingsView } from '../schemas/lifecycle.js'
import { searchEvents } from '../services/lifecycle/search-events.js'
import { editStageSettings } from '../services/settings/edit-stage-settings.js'
import { getStageSettings } from '../services/settings/get-stage-settings.js'
import type { App, RouteDeps } from './route-deps.js'

export function eventRoutes(app: App, { db, caches }: RouteDeps): void {
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
    async (request) => searchEvents(db, caches.events, request.auth.workspaceId, request.query),
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
    async (request) => getStageSettings(db, request.auth.workspaceId),
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
    async (request) => editStageSettings(db, request.auth.workspaceId, request.body),
  )
}
