// GET /v1/me: the connection test for integrations.
import { Me } from '../schemas/api-keys.js'
import { problems } from '../schemas/common.js'
import { describeCaller } from '../services/workspaces/describe-caller.js'
import type { App, RouteDeps } from './route-deps.js'

export function meRoutes(app: App, { db }: RouteDeps): void {
  app.get(
    '/v1/me',
    {
      schema: {
        operationId: 'getMe',
        summary: 'The workspace and key making this call',
        tags: ['identity'],
        response: { 200: Me, ...problems() },
      },
    },
    async (request) => describeCaller(db, request.auth),
  )
}
