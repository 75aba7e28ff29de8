// Liveness and readiness probes: open without a key.
import { Type } from 'typebox'
import { publicProblems } from '../schemas/common.js'
import { assertReady } from '../services/health/readiness.js'
import type { App, RouteDeps } from './route-deps.js'

const Status = Type.Object({ status: Type.String({ enum: ['ok', 'ready'] }) })

export function healthRoutes(app: App, { db }: RouteDeps): void {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        operationId: 'getHealth',
        summary: 'The process is alive',
        tags: ['health'],
        security: [],
        response: { 200: Status, ...publicProblems() },
      },
    },
    async () => ({ status: 'ok' }),
  )

  app.get(
    '/ready',
    {
      config: { public: true },
      schema: {
        operationId: 'getReady',
        summary: 'The database answers',
        tags: ['health'],
        security: [],
        response: { 200: Status, ...publicProblems(503) },
      },
    },
    async () => {
      await assertReady(db)
      return { status: 'ready' }
    },
  )
}
