// LabelledRow: one lead of a CRM export with what was known as of a date and how it ended, for backtests and fits.
import { Type, type Static } from 'typebox'
import { Activity } from './activity.js'
import { LeadFacts } from './lead.js'

export const OUTCOMES = ['won', 'lost'] as const

// Bounded like an evaluation's activities, so one row can never hold an unbounded list.
export const MAX_ROW_ACTIVITIES = 1000

export const LabelledRow = Type.Object(
  {
    lead: LeadFacts,
    activities: Type.Optional(Type.Array(Activity, { maxItems: MAX_ROW_ACTIVITIES })),
    as_of: Type.String({
      format: 'date-time',
      maxLength: 40,
      description: 'When the lead is scored: only what was known then counts (activities after it are ignored)',
    }),
    outcome: Type.Enum(OUTCOMES),
  },
  { title: 'LabelledRow', additionalProperties: false },
)

export type LabelledRow = Static<typeof LabelledRow>
export type Outcome = (typeof OUTCOMES)[number]
