// The payload of every event type, written once: the feed's items (GET /v1/events), webhook bodies and their samples
// are unions of one named component per type, discriminated by `type`; writers take the same types.
import { Type, type Static, type TSchema } from 'typebox'
import { EVENT_TYPES, type EventTypeName } from '../qualification/lifecycle.js'
import { Int53, Timestamp, Uuid } from './common.js'
import { Lead, LeadActivity, ScoreSummary } from './leads.js'
import { Opportunity } from './opportunities.js'
import { Prospect } from './prospects.js'

export const LeadScoreChange = Type.Object(
  { ...Lead.properties, previous_score: ScoreSummary },
  { title: 'LeadScoreChange', description: 'The rescored lead and the score it had before the job' },
)

/** What `data` holds for each event type: the resource after the change, as GET answers show it. */
export const EVENT_DATA = {
  'activity.recorded': LeadActivity,
  'lead.created': Lead,
  'lead.deleted': Lead,
  'lead.disqualified': Lead,
  'lead.engaged': Lead,
  'lead.nurtured': Lead,
  'lead.qualified': Lead,
  'lead.reopened': Lead,
  'lead.score_changed': LeadScoreChange,
  'lead.updated': Lead,
  'opportunity.created': Opportunity,
  'opportunity.lost': Opportunity,
  'opportunity.reopened': Opportunity,
  'opportunity.stage_changed': Opportunity,
  'opportunity.updated': Opportunity,
  'opportunity.won': Opportunity,
  'prospect.converted': Prospect,
  'prospect.created': Prospect,
  'prospect.disqualified': Prospect,
  'prospect.nurtured': Prospect,
  'prospect.reactivated': Prospect,
  'prospect.updated': Prospect,
} as const satisfies Record<EventTypeName, TSchema>

export type EventType = EventTypeName
export type EventData<T extends EventType = EventType> = Static<(typeof EVENT_DATA)[T]>
/** An event as a writer hands it over: its type and the payload that type carries. */
export type EventPayload<T extends EventType = EventType> = { [K in T]: { type: K; payload: EventData<K> } }[T]

const TYPES = EVENT_TYPES
export const entityOf = (type: EventType) => type.slice(0, type.indexOf('.'))

/** lead.score_changed -> LeadScoreChanged */
const nameOf = (type: EventType) =>
  type
    .split(/[._]/)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('')

/** One member per event type, told apart by `type` (the discriminator names each member's component). */
const byType = <Shape>(member: (type: EventType) => TSchema, suffix: string, title: string, description: string) =>
  Type.Unsafe<Shape>(
    Type.Union(TYPES.map(member), {
      title,
      description,
      discriminator: {
        propertyName: 'type',
        mapping: Object.fromEntries(TYPES.map((type) => [type, `#/components/schemas/${nameOf(type)}${suffix}`])),
      },
    }),
  )

/** The event of one type in the feed. */
const eventOf = <T extends EventType>(type: T) =>
  Type.Object(
    {
      id: Uuid,
      seq: Int53({
        minimum: 1,
        description: 'Increasing, with gaps; every event below the newest one listed is already listed',
      }),
      type: Type.Literal(type),
      entity_type: Type.Literal(entityOf(type)),
      entity_id: Uuid,
      occurred_at: Timestamp,
      data: EVENT_DATA[type],
    },
    { title: `${nameOf(type)}Event` },
  )

/** The body a webhook subscriber receives for an event of one type. */
const deliveryOf = <T extends EventType>(type: T) =>
  Type.Object(
    { type: Type.Literal(type), timestamp: Timestamp, data: EVENT_DATA[type] },
    { title: `${nameOf(type)}Delivery` },
  )

export type Event = { [T in EventType]: Static<ReturnType<typeof eventOf<T>>> }[EventType]
export const Event = byType<Event>(
  eventOf,
  'Event',
  'Event',
  'One change; `data` is the resource after it, its shape set by `type`',
)

export type EventDelivery = { [T in EventType]: Static<ReturnType<typeof deliveryOf<T>>> }[EventType]
export const EventDelivery = byType<EventDelivery>(
  deliveryOf,
  'Delivery',
  'EventDelivery',
  'Exactly the JSON body a subscriber receives; `data` is what the event feed shows',
)
