// Opportunity shapes.
import { Type, type Static } from 'typebox'
import { Decimal } from '../qualification/lead.js'
import { Stage } from '../qualification/lifecycle.js'
import { FORECAST_CATEGORIES } from '../qualification/stages.js'
import { Int4, MAX_TEXT, Timestamp, Uuid } from './common.js'
import { SortParam, StalledDays } from './list-query.js'
import { PageOf, PageQuery } from './page.js'

export const Currency = Type.String({ pattern: '^[A-Z]{3}$', maxLength: 3 })

export const Opportunity = Type.Object(
  {
    id: Uuid,
    prospect_id: Uuid,
    name: Type.String({ maxLength: 200 }),
    amount: Decimal,
    currency: Currency,
    expected_close_date: Type.Union([Type.String({ format: 'date', maxLength: 10 }), Type.Null()]),
    stage: Stage,
    probability: Int4({ minimum: 0, maximum: 100, description: 'Of the stage, from the workspace settings' }),
    forecast_category: Type.Enum(FORECAST_CATEGORIES),
    lost_reason: Type.Union([Type.String({ maxLength: MAX_TEXT }), Type.Null()]),
    closed_at: Type.Union([Timestamp, Type.Null()]),
    version: Int4({ minimum: 1 }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Opportunity' },
)

export const OpportunityPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    amount: Type.Optional(Decimal),
    currency: Type.Optional(Currency),
    expected_close_date: Type.Optional(Type.Union([Type.String({ format: 'date', maxLength: 10 }), Type.Null()])),
  },
  { title: 'OpportunityPatch', additionalProperties: false, minProperties: 1 },
)

export const OPPORTUNITY_SORT_KEYS = ['created_at', 'updated_at', 'amount', 'expected_close_date'] as const

const CloseDate = (description: string, example: string) =>
  Type.Optional(Type.String({ format: 'date', maxLength: 10, description, examples: [example] }))

export const OpportunityQuery = Type.Object(
  {
    ...PageQuery,
    stage: Type.Optional(Stage),
    prospect_id: Type.Optional(Uuid),
    owner: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "The owner of the opportunity's lead, exactly" }),
    ),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', maxLength: 3, examples: ['EUR'] })),
    expected_close_after: CloseDate(
      'Expected to close on or after this date (opportunities without one are left out)',
      '2027-01-01',
    ),
    expected_close_before: CloseDate(
      'Expected to close before this date (opportunities without one are left out)',
      '2027-04-01',
    ),
    stalled_days: StalledDays(
      'Opportunities with no transition, no creation and no activity of their lead in the last N days',
    ),
    sort: SortParam(
      OPPORTUNITY_SORT_KEYS,
      'Amounts compare as numbers whatever the currency; opportunities without an expected close date sort as ' +
        'the earliest.',
    ),
  },
  { additionalProperties: false },
)
export type OpportunityQuery = Static<typeof OpportunityQuery>
export const OpportunityList = PageOf(Opportunity)
