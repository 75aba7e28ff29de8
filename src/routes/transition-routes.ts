// The POST /v1/<records>/:id/<action> routes of the funnel: every action has the same shape (dry run, If-Match,
// idempotency, ETag of the moved record), so the routes are declared once and listed per resource.
import type { TSchema } from 'typebox'
import type { Database } from '../db/client.js'
import { etagged, IdParams, problems } from '../schemas/common.js'
import { DryRunQuery, WriteHeaders } from '../schemas/lifecycle.js'
import type { Actor, WriteOptions } from '../services/lifecycle/actor.js'
import { actorOf, withEtag, writeOptions } from './write-context.js'
import type { App, RouteDeps } from './route-deps.js'

export interface TransitionRoutes<A extends string, B, R> {
  records: 'leads' | 'prospects' | 'opportunities'
  /** The operationId suffix: `nurtureLead`. */
  noun: string
  tags: string[]
  actions: readonly { action: A; body: TSchema; summary: string }[]
  response: TSchema
  move: (db: Database, actor: Actor, id: string, action: A, body: B, options: WriteOptions) => Promise<R>
  /** The record whose version becomes the answer's ETag. */
  moved: (result: R) => { version: number }
}

export function transitionRoutes<A extends string, B, R>(
  app: App,
  { db, clock }: RouteDeps,
  spec: TransitionRoutes<A, B, R>,
): void {
  for (const { action, body, summary } of spec.actions)
    app.post(
      `/v1/${spec.records}/:id/${action}`,
      {
        schema: {
          operationId: `${action}${spec.noun}`,
          summary,
          tags: spec.tags,
          params: IdParams,
          querystring: DryRunQuery,
          headers: WriteHeaders,
          body,
          response: { 200: etagged(spec.response), ...problems(404, 409, 412, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request, clock())
        // The body has passed this action's own schema, which is what `B` describes for it.
        const result = await spec.move(db, actor, request.params.id, action, request.body as B, writeOptions(request))
        withEtag(reply, spec.moved(result))
        return result
      },
    )
}
