// Bulk what-if scoring shapes: up to 1,000 leads scored with one rubric, each item answered on its own.
import { Type, type Static } from 'typebox'
import { Activity, Evaluation, LeadFacts, MAX_SCORED_ACTIVITIES, Rubric } from '../qualification/index.js'
import { checkedPerItem, deferred, Int4, Int53, MAX_TEXT, Timestamp, UNCAPPED, Uuid } from './common.js'

export const MAX_EVALUATE_BATCH = 1000

export const EvaluateItem = Type.Object(
  {
    lead: LeadFacts,
    activities: Type.Optional(Type.Array(Activity, { maxItems: MAX_SCORED_ACTIVITIES })),
    as_of: Type.Optional(Type.String({ ...Timestamp, description: "This item's instant; the call's as_of otherwise" })),
  },
  { title: 'EvaluateItem', additionalProperties: false },
)
export type EvaluateItem = Static<typeof EvaluateItem>

export const EvaluateBatchBody = Type.Object(
  {
    items: Type.Array(checkedPerItem(EvaluateItem), {
      minItems: 1,
      maxItems: MAX_EVALUATE_BATCH,
      description: 'Each item is checked on its own, so one bad item does not block the others',
    }),
    rubric_id: Type.Optional(Uuid),
    rubric_version: Type.Optional(Int4({ minimum: 1, description: 'With rubric_id; the newest version when omitted' })),
    rubric: Type.Optional(deferred(Rubric)),
    as_of: Type.Optional(
      Type.String({ ...Timestamp, description: 'The instant of every item without its own; now by default' }),
    ),
  },
  {
    title: 'EvaluateBatchBody',
    additionalProperties: false,
    dependentRequired: { rubric_version: ['rubric_id'] },
    description: 'Scores every item with the inline rubric, else rubric_id, else the active rubric. Nothing is stored',
  },
)
export type EvaluateBatchBody = Static<typeof EvaluateBatchBody>

const Index = Int53({ minimum: 0, description: "The item's position in `items`" })

export const EvaluateBatchItemResult = Type.Union(
  [
    Type.Object({ index: Index, result: Type.Literal('ok'), evaluation: Evaluation }),
    Type.Object({
      index: Index,
      result: Type.Literal('error'),
      errors: Type.Array(
        Type.Object({
          pointer: Type.String({ maxLength: MAX_TEXT, description: 'JSON pointer into the request body' }),
          detail: Type.String({ maxLength: MAX_TEXT }),
        }),
        { maxItems: UNCAPPED, description: "One per field of the item that is wrong: bounded by the item's size" },
      ),
    }),
  ],
  { title: 'EvaluateBatchItemResult' },
)
export type EvaluateBatchItemResult = Static<typeof EvaluateBatchItemResult>

export const EvaluateBatchResult = Type.Object(
  {
    results: Type.Array(EvaluateBatchItemResult, { maxItems: MAX_EVALUATE_BATCH }),
    summary: Type.Object({ ok: Int53({ minimum: 0 }), error: Int53({ minimum: 0 }) }),
  },
  { title: 'EvaluateBatchResult' },
)
export type EvaluateBatchResult = Static<typeof EvaluateBatchResult>
