// Opportunities: read, list, edit, move through stages, win, lose, reopen, and history.
import { Type } from 'typebox'
import { etagged, IdParams, problems } from '../schemas/common.js'
import {
  DryRunFlag,
  EmptyBody,
  History,
  IfMatchHeaders,
  ReasonBody,
  ReopenOpportunityBody,
  StageBody,
} from '../schemas/lifecycle.js'
import { Opportunity, OpportunityList, OpportunityPatch, OpportunityQuery } from '../schemas/opportunities.js'
import { OpportunityImportLine, OpportunityImportRow } from '../schemas/opportunity-import.js'
import { getHistory } from '../services/lifecycle/get-history.js'
import { importOpportunities } from '../services/opportunities/import-opportunities.js'
import { editOpportunity } from '../services/opportunities/edit-opportunity.js'
import { getOpportunity } from '../services/opportunities/get-opportunity.js'
import { moveOpportunityAction } from '../services/opportunities/move-opportunity-action.js'
import { searchOpportunities } from '../services/opportunities/search-opportunities.js'
import { actorOf, withEtag, writeOptions } from './write-context.js'
import type { App, RouteDeps } from './route-deps.js'
import { IMPORT_LIMIT, streamedBodies, streamedImport, streamImport } from './streamed.js'
import { transitionRoutes } from './transition-routes.js'

const tags = ['opportunities']

const IMPORT_HELP =
  'Past times are for imports only, and only on what the import creates: a row creates its lead (the email must be ' +
  'new), qualifies it into a prospect and converts it (both recorded as overrides with the reason "imported"), ' +
  'all at created_at, then replays each transition at its occurred_at. A time may not be in the future nor before ' +
  'the change it follows, so never before the record was created. The ledger rows of such a row carry ' +
  '`imported: true` in the history. Every other call records the time it is made. Each row is written whole or ' +
  'not at all; its result line says created (with the ids) or error (with JSON pointers into the row).'
const Moved = Type.Object({ opportunity: Opportunity, ...DryRunFlag })

const moves = [
  { action: 'stage', body: StageBody, summary: 'Move to another open stage, forward or backward' },
  { action: 'win', body: EmptyBody, summary: 'Close as won' },
  { action: 'lose', body: ReasonBody, summary: 'Close as lost, with the reason' },
  { action: 'reopen', body: ReopenOpportunityBody, summary: 'Reopen a lost opportunity into an open stage' },
] as const

export function opportunityRoutes(app: App, deps: RouteDeps): void {
  const { db, caches, clock } = deps
  app.get(
    '/v1/opportunities',
    {
      schema: {
        operationId: 'listOpportunities',
        summary: 'List opportunities, newest first or sorted, with filters',
        tags,
        querystring: OpportunityQuery,
        response: { 200: OpportunityList, ...problems(404) },
      },
    },
    async (request) => searchOpportunities(db, request.auth.workspaceId, request.query, clock()),
  )

  app.register(async (scope) => {
    streamedBodies(scope)
    scope.post(
      '/v1/opportunities/import',
      {
        bodyLimit: IMPORT_LIMIT,
        config: { scope: 'admin' },
        schema: {
          operationId: 'importOpportunities',
          summary:
            "Bring deals from another CRM with their history: each NDJSON row creates its lead, prospect and opportunity and replays the opportunity's moves at the times they happened",
          description: IMPORT_HELP,
          tags,
          ...streamedImport(
            OpportunityImportRow,
            'One deal per line: {"lead": {...as for POST /v1/leads}, "opportunity": {...as for POST ' +
              '/v1/prospects/{id}/convert}, "created_at"?, "transitions"?: [{"action", "stage"?, "reason"?, ' +
              '"occurred_at"?}]}',
            null,
            OpportunityImportLine,
            403,
            413,
            415,
          ),
        },
      },
      async (request, reply) =>
        streamImport(request, reply, (format, body) =>
          importOpportunities(db, caches.compiled, actorOf(request, clock()), format, body),
        ),
    )
  })

  app.get(
    '/v1/opportunities/:id',
    {
      schema: {
        operationId: 'getOpportunity',
        summary: 'Read an opportunity',
        tags,
        params: IdParams,
        response: { 200: etagged(Opportunity), ...problems(404) },
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
        response: { 200: etagged(Opportunity), ...problems(404, 412, 413, 415) },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await editOpportunity(db, actorOf(request, clock()), request.params.id, request.body, writeOptions(request)),
      ),
  )

  transitionRoutes(app, deps, {
    records: 'opportunities',
    noun: 'Opportunity',
    tags,
    actions: moves,
    response: Moved,
    move: moveOpportunityAction,
    moved: (result) => result.opportunity,
  })

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
