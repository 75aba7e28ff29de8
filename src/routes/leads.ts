// Leads: create, upsert by email, read, list, edit, delete, activities, and a fresh qualification.
import { Type } from 'typebox'
import { ETag, etagged, IdempotencyHeaders, IdParams, Location, problems, withHeaders } from '../schemas/common.js'
import {
  ActivityInput,
  ActivityList,
  ActivityQuery,
  AsOfQuery,
  Lead,
  LeadInput,
  LeadList,
  LeadPatch,
  LeadListQuery,
  RecordedActivity,
  UpsertResult,
} from '../schemas/leads.js'
import { IfMatchHeaders } from '../schemas/lifecycle.js'
import { Evaluation } from '../schemas/qualifications.js'
import { createLead } from '../services/leads/create-lead.js'
import { editLead } from '../services/leads/edit-lead.js'
import { getLead } from '../services/leads/get-lead.js'
import { getLeadQualification } from '../services/leads/get-lead-qualification.js'
import { recordActivity } from '../services/leads/record-activity.js'
import { removeLead } from '../services/leads/remove-lead.js'
import { searchActivities } from '../services/leads/search-activities.js'
import { searchLeads } from '../services/leads/search-leads.js'
import { upsertLead } from '../services/leads/upsert-lead.js'
import { actorOf, withEtag, writeOptions } from './write-context.js'
import type { App, RouteDeps } from './route-deps.js'

const tags = ['leads']

export function leadRoutes(app: App, { db, clock, caches }: RouteDeps): void {
  app.post(
    '/v1/leads',
    {
      schema: {
        operationId: 'createLead',
        summary: 'Create a lead (409 with the existing id when the email is taken)',
        tags,
        headers: IdempotencyHeaders,
        body: LeadInput,
        response: { 201: withHeaders(Lead, { ETag, Location }), ...problems(409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const lead = await createLead(db, caches.compiled, caches.rubrics, actorOf(request, clock()), request.body)
      return reply.code(201).header('location', `/v1/leads/${lead.id}`).send(withEtag(reply, lead))
    },
  )

  app.post(
    '/v1/leads/upsert',
    {
      schema: {
        operationId: 'upsertLead',
        summary: 'Create or update the lead with this email (201 created, 200 updated or unchanged)',
        tags,
        headers: IdempotencyHeaders,
        body: LeadInput,
        response: { 200: etagged(UpsertResult), 201: etagged(UpsertResult), ...problems(409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const upserted = await upsertLead(db, caches.compiled, actorOf(request, clock()), request.body)
      withEtag(reply, upserted.lead)
      return reply.code(upserted.result === 'created' ? 201 : 200).send(upserted)
    },
  )

  app.get(
    '/v1/leads',
    {
      schema: {
        operationId: 'listLeads',
        summary:
          'List leads, newest first or sorted, with filters (stalled, temperature, activity) and cursor pagination',
        tags,
        querystring: LeadListQuery,
        response: { 200: LeadList, ...problems(404) },
      },
    },
    async (request) => searchLeads(db, request.auth.workspaceId, request.query, clock()),
  )

  app.get(
    '/v1/leads/:id',
    {
      schema: {
        operationId: 'getLead',
        summary: 'Read a lead',
        tags,
        params: IdParams,
        response: { 200: etagged(Lead), ...problems(404) },
      },
    },
    async (request, reply) => withEtag(reply, await getLead(db, request.auth.workspaceId, request.params.id)),
  )

  app.patch(
    '/v1/leads/:id',
    {
      schema: {
        operationId: 'updateLead',
        summary: "Edit a lead's facts (null clears a field); the lead is rescored",
        tags,
        params: IdParams,
        headers: IfMatchHeaders,
        body: LeadPatch,
        response: { 200: etagged(Lead), ...problems(404, 409, 412, 413, 415) },
      },
    },
    async (request, reply) =>
      withEtag(
        reply,
        await editLead(
          db,
          caches.compiled,
          actorOf(request, clock()),
          request.params.id,
          request.body,
          writeOptions(request),
        ),
      ),
  )

  app.delete(
    '/v1/leads/:id',
    {
      schema: {
        operationId: 'deleteLead',
        summary: 'Delete a lead that never became a prospect',
        tags,
        params: IdParams,
        headers: IfMatchHeaders,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problems(404, 409, 412) },
      },
    },
    async (request, reply) => {
      await removeLead(db, actorOf(request, clock()), request.params.id, writeOptions(request))
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/v1/leads/:id/activities',
    {
      schema: {
        operationId: 'recordActivity',
        summary: 'Record an engagement activity; the lead is rescored',
        tags,
        params: IdParams,
        headers: IdempotencyHeaders,
        body: ActivityInput,
        response: { 201: etagged(RecordedActivity), ...problems(404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const recorded = await recordActivity(
        db,
        caches.compiled,
        actorOf(request, clock()),
        request.params.id,
        request.body,
      )
      withEtag(reply, recorded.lead)
      return reply.code(201).send(recorded)
    },
  )

  app.get(
    '/v1/leads/:id/activities',
    {
      schema: {
        operationId: 'listActivities',
        summary: "A lead's activities, newest recorded first",
        tags,
        params: IdParams,
        querystring: ActivityQuery,
        response: { 200: ActivityList, ...problems(404) },
      },
    },
    async (request) => searchActivities(db, request.auth.workspaceId, request.params.id, request.query),
  )

  app.get(
    '/v1/leads/:id/qualification',
    {
      schema: {
        operationId: 'getLeadQualification',
        summary: 'Score the lead now (or as_of) with the active rubric; nothing is stored',
        tags,
        params: IdParams,
        querystring: AsOfQuery,
        response: { 200: Evaluation, ...problems(404) },
      },
    },
    async (request) => {
      const asOf = request.query.as_of === undefined ? clock() : new Date(request.query.as_of)
      return getLeadQualification(db, caches.compiled, request.auth.workspaceId, request.params.id, asOf)
    },
  )
}
