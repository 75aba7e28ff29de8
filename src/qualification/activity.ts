// Activity: one engagement signal of a lead (an open, a click, a reply, a meeting...).
import { Type, type Static } from 'typebox'

export const ACTIVITY_TYPES = [
  'email_open',
  'link_click',
  'page_view',
  'form_submit',
  'content_download',
  'webinar_attended',
  'event_attended',
  'demo_request',
  'reply',
  'meeting',
  'call',
] as const
export const DIRECTIONS = ['inbound', 'outbound'] as const

// Older activities beyond this many add next to nothing after decay; the bound keeps an evaluation small.
export const MAX_SCORED_ACTIVITIES = 1000

export const ActivityType = Type.Enum(ACTIVITY_TYPES)
export const Direction = Type.Enum(DIRECTIONS)

export const Activity = Type.Object(
  {
    type: ActivityType,
    direction: Direction,
    occurred_at: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { title: 'Activity', additionalProperties: false },
)

export type Activity = Static<typeof Activity>
export type ActivityType = Static<typeof ActivityType>

// A conversation (the lead answered or met us) says more than a one-way signal such as an open.
export function isTwoWay(type: ActivityType, direction: Activity['direction']): boolean {
  return type === 'reply' || type === 'meeting' || (type === 'call' && direction === 'inbound')
}
