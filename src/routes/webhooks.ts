// REST-hook subscriptions: subscribe, list, read, change, unsubscribe, rotate the secret, deliveries, samples.
import { Type } from 'typebox'
import { IdempotencyHeaders, IdParams, problems } from '../schemas/common.js'
import {
  CreateWebhookBody,
  Delivery,
  DeliveryList,
  DeliveryParams,
  ListQuery,
  Sample,
  SampleParams,
  Webhook,
  WebhookList,
  WebhookPatch,
  WebhookWithSecret,
} from '../schemas/webhooks.js'
import { createWebhook } from '../services/webhooks/create-webhook.js'
import { editWebhook } from '../services/webhooks/edit-webhook.js'
import { getWebhook } from '../services/webhooks/get-webhook.js'
import { removeWebhook } from '../services/webhooks/remove-webhook.js'
import { retryDelivery } from '../services/webhooks/retry-delivery.js'
import { rotateWebhookSecret } from '../services/webhooks/rotate-webhook-secret.js'
import { sampleDelivery } from '../services/webhooks/samples.js'
import { searchDeliveries } from '../services/webhooks/search-deliveries.js'
import { searchWebhooks } from '../services/webhooks/search-webhooks.js'
import type { App, RouteDeps } from './route-deps.js'

const tags = ['webhooks']

export function webhookRoutes(app: App, { db, config, secrets, clock }: RouteDeps): void {
  app.post(
    '/v1/webhooks',
    {
      config: { secretInResponse: true },
      schema: {
        operationId: 'createWebhook',
        summary: 'Subscribe a URL to events; the signing secret is in this answer only',
        tags,
        headers: IdempotencyHeaders,
        body: CreateWebhookBody,
        response: { 201: WebhookWithSecret, ...problems(409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await createWebhook(
            db,
            request.auth.workspaceId,
            request.body,
            config.WEBHOOK_ALLOW_LOOPBACK,
            secrets,
            clock(),
          ),
        ),
  )

  app.get(
    '/v1/webhooks',
    {
      schema: {
        operationId: 'listWebhooks',
        summary: 'List subscriptions',
        tags,
        querystring: ListQuery,
        response: { 200: WebhookList, ...problems(404) },
      },
    },
    async (request) => searchWebhooks(db, request.auth.workspaceId, request.query),
  )

  app.get(
    '/v1/webhooks/samples/:type',
    {
      schema: {
        operationId: 'getWebhookSample',
        summary: 'A sample delivery body of an event type, exactly as delivered',
        tags,
        params: SampleParams,
        response: { 200: Sample, ...problems() },
      },
    },
    async (request) => sampleDelivery(request.params.type),
  )

  app.get(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'getWebhook',
        summary: 'Read a subscription',
        tags,
        params: IdParams,
        response: { 200: Webhook, ...problems(404) },
      },
    },
    async (request) => getWebhook(db, request.auth.workspaceId, request.params.id),
  )

  app.patch(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'updateWebhook',
        summary: 'Change events, description, or enabled',
        tags,
        params: IdParams,
        body: WebhookPatch,
        response: { 200: Webhook, ...problems(404, 413, 415) },
      },
    },
    async (request) => editWebhook(db, request.auth.workspaceId, request.params.id, request.body, clock()),
  )

  app.delete(
    '/v1/webhooks/:id',
    {
      schema: {
        operationId: 'deleteWebhook',
        summary: 'Unsubscribe; an unknown (or already deleted) subscription is 404',
        tags,
        params: IdParams,
        response: { 204: Type.Null({ description: 'Gone' }), ...problems(404) },
      },
    },
    async (request, reply) => {
      await removeWebhook(db, request.auth.workspaceId, request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/v1/webhooks/:id/rotate-secret',
    {
      config: { secretInResponse: true },
      schema: {
        operationId: 'rotateWebhookSecret',
        summary: 'Replace the signing secret; the new one is in this answer only',
        tags,
        params: IdParams,
        headers: IdempotencyHeaders,
        response: { 200: WebhookWithSecret, ...problems(404, 409, 422) },
      },
    },
    async (request) => rotateWebhookSecret(db, request.auth.workspaceId, request.params.id, secrets, clock()),
  )

  app.get(
    '/v1/webhooks/:id/deliveries',
    {
      schema: {
        operationId: 'listWebhookDeliveries',
        summary: 'Deliveries to this subscription: status, attempts, last answer, next attempt',
        tags,
        params: IdParams,
        querystring: ListQuery,
        response: { 200: DeliveryList, ...problems(404) },
      },
    },
    async (request) => searchDeliveries(db, request.auth.workspaceId, request.params.id, request.query),
  )

  app.post(
    '/v1/webhooks/:id/deliveries/:did/retry',
    {
      schema: {
        operationId: 'retryWebhookDelivery',
        summary: 'Send a delivery again now (a replay)',
        tags,
        params: DeliveryParams,
        headers: IdempotencyHeaders,
        response: { 200: Delivery, ...problems(404, 409, 422) },
      },
    },
    async (request) => retryDelivery(db, request.auth.workspaceId, request.params.id, request.params.did),
  )
}
