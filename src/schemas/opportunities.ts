// Opportunity shapes.
import { Type } from 'typebox'
import { Decimal } from '../qualification/lead.js'
import { Stage } from '../qualification/lifecycle.js'
import { FORECAST_CATEGORIES } from '../qualification/stages.js'
import { Int4, Timestamp, Uuid } from './common.js'
import { PageOf, PageQuery } from './page.js'

export const Opportunity = Type.Object({
  id: Uuid,
  prospect_id: Uuid,
  name: Type.String(),
  amount: Decimal,
  currency: Type.String(),
  expected_close_date: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  stage: Stage,
  probability: Int4({ minimum: 0, maximum: 100, description: 'Of the stage, from the workspace settings' }),
  forecast_category: Type.Enum(FORECAST_CATEGORIES),
  lost_reason: Type.Union([Type.String(), Type.Null()]),
  closed_at: Type.Union([Timestamp, Type.Null()]),
  version: Int4({ minimum: 1 }),
  created_at: Timestamp,
  updated_at: Timestamp,
})

export const OpportunityPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    amount: Type.Optional(Decimal),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', maxLength: 3 })),
    expected_close_date: Type.Optional(Type.Union([Type.String({ format: 'date', maxLength: 10 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
)

export const OpportunityQuery = Type.Object(
  {
    ...PageQuery,
    stage: Type.Optional(Stage),
    prospect_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
)
export const OpportunityList = PageOf(Opportunity)
