// Opportunities: read, list, edit, move through stages, win, lose, reopen, and history.
import { Type } from 'typebox'
import { IdParams, problems } from '../schemas/common.js'
import {
  DryRunFlag,
  DryRunQuery,
  EmptyBody,
  History,
  IfMatchHeaders,
  ReasonBody,
  ReopenOpportunityBody,
  StageBody,
  WriteHeaders,
} from '../schemas/lifecycle.js'
import { Opportunity, OpportunityList, OpportunityPatch, OpportunityQuery } from '../schemas/opportunities.js'
import { recordHistory } from '../services/lifecycle/history.js'
import {
  editOpportunity,
  getOpportunity,
  moveOpportunityAction,
  presentOpportunities,
  searchOpportunities,
  type OpportunityAction,
} from '../services/opportunities/opportunities.js'
import { actorOf, page, withEtag, writeOptions, type App, type RouteDeps } from './app-type.js'

const tags = ['opportunities']
const Moved = Type.Object({ opportunity: Opportunity, ...DryRunFlag })

const moves: {
  action: OpportunityAction
  body: typeof StageBody | typeof EmptyBody | typeof ReasonBody | typeof ReopenOpportunityBody
  summary: string
}[] = [
  { action: 'stage', body: StageBody, summary: 'Move to another open stage, forward or backward' },
  { action: 'win', body: EmptyBody, summary: 'Close as won' },
  { action: 'lose', body: ReasonBody, summary: 'Close as lost, with the reason' },
  { action: 'reopen', body: ReopenOpportunityBody, summary: 'Reopen a lost opportunity into an open stage' },
]

export function opportunityRoutes(app: App, { db, clock }: RouteDeps): void {
  const present = async (workspaceId: string, row: Parameters<typeof presentOpportunities>[2][number]) =>
    (await presentOpportunities(db, workspaceId, [row]))[0]!

  app.get(
    '/v1/opportunities',
    {
      schema: {
        operationId: 'listOpportunities',
        summary: 'List opportunities, newest first',
        tags,
        querystring: OpportunityQuery,
        response: { 200: OpportunityList, ...problems() },
      },
    },
    async (request) => {
      const { rows, hasMore } = await searchOpportunities(db, request.auth.workspaceId, request.query)
      return page(rows, hasMore)
    },
  )

  app.get(
    '/v1/opportunities/:id',
    {
      schema: {
        operationId: 'getOpportunity',
        summary: 'Read an opportunity',
        tags,
        params: IdParams,
        response: { 200: Opportunity, ...problems(404) },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await present(request.auth.workspaceId, await getOpportunity(db, request.auth.workspaceId, request.params.id)),
      ),
  )

  app.patch(
    '/v1/opportunities/:id',
    {
      schema: {
        operationId: 'updateOpportunity',
        summary: 'Edit name, amount, currency or expected close date (the stage moves only through transitions)',
        tags,
        params: IdParams,
        headers: IfMatchHeaders,
        body: OpportunityPatch,
        response: { 200: Opportunity, ...problems(404, 412, 413, 415) },
      },
    },
    async (request, reply) => {
      const row = await editOpportunity(
        db,
        actorOf(request, clock()),
        request.params.id,
        request.body,
        writeOptions(request),
      )
      return withEtag(reply, await present(request.auth.workspaceId, row))
    },
  )

  for (const move of moves) {
    app.post(
      `/v1/opportunities/:id/${move.action}`,
      {
        schema: {
          operationId: `${move.action}Opportunity`,
          summary: move.summary,
          tags,
          params: IdParams,
          querystring: DryRunQuery,
          headers: WriteHeaders,
          body: move.body,
          response: { 200: Moved, ...problems(404, 409, 412, 413, 415, 422) },
        },
      },
      async (request, reply) => {
        const options = writeOptions(request)
        const row = await moveOpportunityAction(
          db,
          actorOf(request, clock()),
          request.params.id,
          move.action,
          request.body as { stage?: never; reason?: string },
          options,
        )
        return {
          opportunity: withEtag(reply, await present(request.auth.workspaceId, row)),
          dry_run: options.dryRun === true,
        }
      },
    )
  }

  app.get(
    '/v1/opportunities/:id/history',
    {
      schema: {
        operationId: 'getOpportunityHistory',
        summary: "The opportunity's stage changes, with time spent in each stage",
        tags,
        params: IdParams,
        response: { 200: History, ...problems(404) },
      },
    },
    async (request) => recordHistory(db, request.auth.workspaceId, 'opportunity', request.params.id, clock()),
  )
}
