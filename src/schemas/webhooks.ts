// Webhook subscription and delivery shapes.
import { Type } from 'typebox'
import { EVENT_TYPES } from '../qualification/lifecycle.js'
import { Int4, MAX_TEXT, Timestamp, Uuid } from './common.js'
import { PageOf, PageQuery } from './page.js'

export const EventType = Type.Enum(EVENT_TYPES)
const Subscribed = Type.Array(Type.Enum([...EVENT_TYPES, '*']), {
  minItems: 1,
  maxItems: 50,
  uniqueItems: true,
  description: 'Event types to receive, or ["*"] for all',
})
const Description = Type.String({ maxLength: 500 })

export const Webhook = Type.Object(
  {
    id: Uuid,
    target_url: Type.String({ format: 'uri', maxLength: 2048 }),
    events: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100 }),
    description: Type.Union([Type.String({ maxLength: 500 }), Type.Null()]),
    enabled: Type.Boolean(),
    disabled_reason: Type.Union([Type.String({ maxLength: MAX_TEXT }), Type.Null()], {
      description: 'Why the service disabled it (a 410 answer)',
    }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Webhook' },
)

export const WebhookWithSecret = Type.Object(
  {
    ...Webhook.properties,
    secret: Type.String({
      maxLength: 60,
      pattern: '^whsec_[A-Za-z0-9+/=]+$',
      description: 'whsec_ + base64 of 32 random bytes: verify signatures with it. Shown only here.',
    }),
  },
  { title: 'WebhookWithSecret' },
)

export const CreateWebhookBody = Type.Object(
  {
    target_url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 }),
    events: Subscribed,
    description: Type.Optional(Description),
  },
  { title: 'CreateWebhookBody', additionalProperties: false },
)

export const WebhookPatch = Type.Object(
  {
    events: Type.Optional(Subscribed),
    description: Type.Optional(Type.Union([Description, Type.Null()])),
    enabled: Type.Optional(Type.Boolean()),
  },
  { title: 'WebhookPatch', additionalProperties: false, minProperties: 1 },
)

export const WebhookList = PageOf(Webhook)
export const ListQuery = Type.Object(PageQuery, { additionalProperties: false })

export const Delivery = Type.Object(
  {
    id: Uuid,
    event_id: Uuid,
    event_type: Type.String({ maxLength: 64 }),
    status: Type.Enum(['pending', 'succeeded', 'failed']),
    attempts: Int4({ minimum: 0 }),
    last_status_code: Type.Union([Int4({ minimum: 100, maximum: 999 }), Type.Null()]),
    last_error: Type.Union([Type.String({ maxLength: MAX_TEXT }), Type.Null()]),
    next_attempt_at: Type.Union([Timestamp, Type.Null()], { description: 'Set while pending' }),
    delivered_at: Type.Union([Timestamp, Type.Null()]),
    created_at: Timestamp,
  },
  { title: 'Delivery' },
)
export const DeliveryList = PageOf(Delivery)
export const DeliveryParams = Type.Object({ id: Uuid, did: Uuid }, { additionalProperties: false })

export const SampleParams = Type.Object({ type: EventType }, { additionalProperties: false })
export { EventDelivery as Sample } from './events.js'
