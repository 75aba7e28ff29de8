// What-if evaluation shapes.
import { Type } from 'typebox'
import { Activity, Evaluation, LeadFacts, MAX_SCORED_ACTIVITIES, Rubric } from '../qualification/index.js'
import { deferred, Int4, Timestamp, Uuid } from './common.js'

export const EvaluateBody = Type.Object(
  {
    lead: LeadFacts,
    activities: Type.Optional(Type.Array(Activity, { maxItems: MAX_SCORED_ACTIVITIES })),
    rubric_id: Type.Optional(Uuid),
    rubric_version: Type.Optional(Int4({ minimum: 1, description: 'With rubric_id; the newest version when omitted' })),
    rubric: Type.Optional(deferred(Rubric)),
    as_of: Type.Optional(Timestamp),
  },
  {
    title: 'EvaluateBody',
    additionalProperties: false,
    dependentRequired: { rubric_version: ['rubric_id'] },
    description: 'Scores with the inline rubric, else rubric_id, else the active rubric',
  },
)

export { Evaluation }
