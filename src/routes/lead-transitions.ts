// Lead transitions: qualify (or override), nurture, disqualify, reopen; and the lead's history.
import { Type } from 'typebox'
import { etagged, IdParams, problems } from '../schemas/common.js'
import { Lead } from '../schemas/leads.js'
import {
  blockedProblem,
  DryRunFlag,
  DryRunQuery,
  History,
  OptionalReasonBody,
  QualifyBody,
  ReasonBody,
  WriteHeaders,
} from '../schemas/lifecycle.js'
import { Prospect } from '../schemas/prospects.js'
import { Evaluation } from '../schemas/qualifications.js'
import { moveLeadAction } from '../services/leads/move-lead-action.js'
import { qualifyLead } from '../services/leads/qualify-lead.js'
import { getHistory } from '../services/lifecycle/get-history.js'
import { actorOf, withEtag, writeOptions } from './write-context.js'
import type { App, RouteDeps } from './route-deps.js'
import { transitionRoutes } from './transition-routes.js'

const tags = ['lead lifecycle']
const Qualified = Type.Object({ lead: Lead, prospect: Prospect, qualification: Evaluation, ...DryRunFlag })
const Moved = Type.Object({ lead: Lead, prospect: Type.Union([Prospect, Type.Null()]), ...DryRunFlag })

const moves = [
  { action: 'nurture', body: ReasonBody, summary: 'Recycle the lead to nurturing (its prospect follows)' },
  { action: 'disqualify', body: ReasonBody, summary: 'Disqualify the lead, with a reason (its prospect follows)' },
  { action: 'reopen', body: OptionalReasonBody, summary: 'Reopen a disqualified or nurturing lead: back to working' },
] as const

export function leadTransitionRoutes(app: App, deps: RouteDeps): void {
  const { db, caches, clock } = deps
  app.post(
    '/v1/leads/:id/qualify',
    {
      schema: {
        operationId: 'qualifyLead',
        summary: 'Qualify with the active rubric: creates the prospect, or 422 with the evaluation and what blocks it',
        description:
          'With `override` (admin scope) the lead is admitted whatever the rubric says; the override, its reason and the evaluation it overrode are recorded.',
        tags,
        params: IdParams,
        querystring: DryRunQuery,
        headers: WriteHeaders,
        body: QualifyBody,
        response: { 200: etagged(Qualified), ...problems(404, 409, 412, 413, 415), 422: blockedProblem() },
      },
    },
    async (request, reply) => {
      const qualified = await qualifyLead(
        db,
        caches.compiled,
        actorOf(request, clock()),
        request.params.id,
        request.body,
        writeOptions(request),
      )
      withEtag(reply, qualified.lead)
      return qualified
    },
  )

  transitionRoutes(app, deps, {
    records: 'leads',
    noun: 'Lead',
    tags,
    actions: moves,
    response: Moved,
    move: moveLeadAction,
    moved: (result) => result.lead,
  })

  app.get(
    '/v1/leads/:id/history',
    {
      schema: {
        operationId: 'getLeadHistory',
        summary: "The lead's transitions, with time spent in each state",
        tags,
        params: IdParams,
        response: { 200: History, ...problems(404) },
      },
    },
    async (request) => getHistory(db, request.auth.workspaceId, 'lead', request.params.id, clock()),
  )
}
