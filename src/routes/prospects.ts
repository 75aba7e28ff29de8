// Prospects: read, list, edit notes, stakeholders, and transitions (convert, nurture, disqualify), with history.
import { Type } from 'typebox'
import { etagged, IdempotencyHeaders, IdParams, problems } from '../schemas/common.js'
import { Lead } from '../schemas/leads.js'
import {
  blockedProblem,
  DryRunFlag,
  DryRunQuery,
  History,
  IfMatchHeaders,
  ReasonBody,
  WriteHeaders,
} from '../schemas/lifecycle.js'
import { Opportunity } from '../schemas/opportunities.js'
import {
  ConvertBody,
  Prospect,
  ProspectList,
  ProspectPatch,
  ProspectQuery,
  StakeholderInput,
  StakeholderParams,
} from '../schemas/prospects.js'
import { getHistory } from '../services/lifecycle/get-history.js'
import { addStakeholder } from '../services/prospects/add-stakeholder.js'
import { convertProspect } from '../services/prospects/convert-prospect.js'
import { editProspect } from '../services/prospects/edit-prospect.js'
import { getProspect } from '../services/prospects/get-prospect.js'
import { moveProspectAction } from '../services/prospects/move-prospect-action.js'
import { removeStakeholder } from '../services/prospects/remove-stakeholder.js'
import { searchProspects } from '../services/prospects/search-prospects.js'
import { actorOf, withEtag, writeOptions } from './write-context.js'
import type { App, RouteDeps } from './route-deps.js'
import { transitionRoutes } from './transition-routes.js'

const tags = ['prospects']
const Converted = Type.Object({ prospect: Prospect, opportunity: Opportunity, ...DryRunFlag })
const Moved = Type.Object({ prospect: Prospect, lead: Lead, ...DryRunFlag })

export function prospectRoutes(app: App, deps: RouteDeps): void {
  const { db, clock } = deps
  app.get(
    '/v1/prospects',
    {
      schema: {
        operationId: 'listProspects',
        summary: 'List prospects, newest first or sorted, with filters',
        tags,
        querystring: ProspectQuery,
        response: { 200: ProspectList, ...problems(404) },
      },
    },
    async (request) => searchProspects(db, request.auth.workspaceId, request.query, clock()),
  )

  app.get(
    '/v1/prospects/:id',
    {
      schema: {
        operationId: 'getProspect',
        summary: 'Read a prospect with its stakeholders',
        tags,
        params: IdParams,
        response: { 200: etagged(Prospect), ...problems(404) },
      },
    },
    async (request, reply) => withEtag(reply, await getProspect(db, request.auth.workspaceId, request.params.id)),
  )

  app.patch(
    '/v1/prospects/:id',
    {
      schema: {
        operationId: 'updateProspect',
        summary: "Edit a prospect's notes (status changes only through transitions)",
        tags,
        params: IdParams,
        headers: IfMatchHeaders,
        body: ProspectPatch,
        response: { 200: etagged(Prospect), ...problems(404, 412, 413, 415) },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await editProspect(db, actorOf(request, clock()), request.params.id, request.body, writeOptions(request)),
      ),
  )

  app.post(
    '/v1/prospects/:id/stakeholders',
    {
      schema: {
        operationId: 'addStakeholder',
        summary: 'Add a stakeholder (who decides, who pays, who champions)',
        tags,
        params: IdParams,
        headers: IdempotencyHeaders,
        body: StakeholderInput,
        response: { 201: etagged(Prospect), ...problems(404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(withEtag(reply, await addStakeholder(db, actorOf(request, clock()), request.params.id, request.body))),
  )

  app.delete(
    '/v1/prospects/:id/stakeholders/:sid',
    {
      schema: {
        operationId: 'removeStakeholder',
        summary: 'Remove a stakeholder',
        tags,
        params: StakeholderParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...problems(404) },
      },
    },
    async (request, reply) => {
      await removeStakeholder(db, actorOf(request, clock()), request.params.id, request.params.sid)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/v1/prospects/:id/convert',
    {
      schema: {
        operationId: 'convertProspect',
        summary:
          'Open an opportunity: needs a decision maker or economic buyer among the stakeholders, and a known need',
        description:
          'Each call opens a new opportunity: a converted prospect may open further deals (an upsell, another team). ' +
          'Send an Idempotency-Key so that a retried call replays the first answer instead of opening a second deal.',
        tags,
        params: IdParams,
        querystring: DryRunQuery,
        headers: WriteHeaders,
        body: ConvertBody,
        response: { 200: etagged(Converted), ...problems(404, 409, 412, 413, 415), 422: blockedProblem() },
      },
    },
    async (request, reply) => {
      const converted = await convertProspect(
        db,
        actorOf(request, clock()),
        request.params.id,
        request.body,
        writeOptions(request),
      )
      withEtag(reply, converted.prospect)
      return converted
    },
  )

  transitionRoutes(app, deps, {
    records: 'prospects',
    noun: 'Prospect',
    tags,
    actions: [
      { action: 'nurture', body: ReasonBody, summary: 'Recycle to nurturing, with a reason; the lead follows' },
      { action: 'disqualify', body: ReasonBody, summary: 'Disqualify, with a reason; the lead follows' },
    ] as const,
    response: Moved,
    move: moveProspectAction,
    moved: (result) => result.prospect,
  })

  app.get(
    '/v1/prospects/:id/history',
    {
      schema: {
        operationId: 'getProspectHistory',
        summary: "The prospect's transitions, with time spent in each state",
        tags,
        params: IdParams,
        response: { 200: History, ...problems(404) },
      },
    },
    async (request) => getHistory(db, request.auth.workspaceId, 'prospect', request.params.id, clock()),
  )
}
