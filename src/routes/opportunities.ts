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
import { getHistory } from '../services/lifecycle/get-history.js'
import { editOpportunity } from '../services/opportunities/edit-opportunity.js'
import { getOpportunity } from '../services/opportunities/get-opportunity.js'
import { moveOpportunityAction, type OpportunityAction } from '../services/opportunities/move-opportunity-action.js'
import { searchOpportunities } from '../services/opportunities/search-opportunities.js'
import { actorOf, withEtag, writeOptions, type App, type RouteDeps } from './app-type.js'

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
    async (request) => searchOpportunities(db, request.auth.workspaceId, request.query),
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
    async (request, reply) => withEtag(reply, await getOpportunity(db, request.auth.workspaceId, request.params.id)),
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
    async (request, reply) =>
      withEtag(
        reply,
        await editOpportunity(db, actorOf(request, clock()), request.params.id, request.body, writeOptions(request)),
      ),
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
        const moved = await moveOpportunityAction(
          db,
          actorOf(request, clock()),
          request.params.id,
          move.action,
          request.body,
          writeOptions(request),
        )
        withEtag(reply, moved.opportunity)
        return moved
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
    async (request) => getHistory(db, request.auth.workspaceId, 'opportunity', request.params.id, clock()),
  )
}
