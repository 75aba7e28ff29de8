// Evaluation: the explained result of scoring one lead against one rubric version, as the API returns it.
import { Type, type Static } from 'typebox'
import { ActivityType, Direction, MAX_SCORED_ACTIVITIES } from './activity.js'
import { FieldPath } from './fields.js'
import { CRITERION_NAME_PATTERN, CriterionName, RubricRef } from './rubric-schema.js'
import { Int4 } from './integers.js'

const strict = { additionalProperties: false } as const
const Score = Type.Number({ minimum: 0, maximum: 100 })

export const FactValue = Type.Union(
  [
    Type.String({ maxLength: 500 }),
    Type.Number(),
    Type.Boolean(),
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 }),
    Type.Null(),
  ],
  {
    title: 'FactValue',
    description: 'The fact the rule matched; a count for an activity_count rule; null when a missing rule matched',
  },
)

export const Reason = Type.Object(
  {
    rule: Type.String({ maxLength: 200, description: 'The rule id, or its JSON pointer in the rubric' }),
    label: Type.String({ maxLength: 300 }),
    field: Type.Union([FieldPath, Type.Literal('activities')], {
      description: 'The fact the rule reads, or "activities" for an activity_count rule',
    }),
    value: FactValue,
    points: Type.Number({ minimum: -100, maximum: 100 }),
  },
  { ...strict, title: 'Reason' },
)

export const CriterionResult = Type.Object(
  {
    status: Type.Enum(['scored', 'missing'], {
      description: 'missing: none of the facts the criterion reads are known',
    }),
    score: Score,
    weight: Int4({ minimum: 0, maximum: 100 }),
    contribution: Score,
    reasons: Type.Array(Reason, { maxItems: 100, description: 'Rules that counted towards the score' }),
    missing: Type.Array(FieldPath, { maxItems: 100, description: 'Facts the criterion reads that are unknown' }),
  },
  { ...strict, title: 'CriterionResult' },
)

export const ScoredActivity = Type.Object(
  {
    type: ActivityType,
    direction: Direction,
    occurred_at: Type.String({ format: 'date-time', maxLength: 40 }),
    age_days: Type.Number({ minimum: 0 }),
    base_points: Type.Number({ minimum: 0, maximum: 100 }),
    two_way: Type.Boolean(),
    points: Type.Number({
      minimum: 0,
      description: 'base_points × two-way multiplier × 0.5^(age_days / half_life_days), rounded',
    }),
  },
  { ...strict, title: 'ScoredActivity' },
)

export const EngagementResult = Type.Object(
  {
    score: Score,
    weight: Int4({ minimum: 0, maximum: 100 }),
    contribution: Score,
    raw_points: Type.Number({ minimum: 0, description: 'Sum of decayed points before the cap' }),
    cap: Type.Number({ exclusiveMinimum: 0 }),
    half_life_days: Type.Number({ exclusiveMinimum: 0 }),
    activities: Type.Array(ScoredActivity, {
      maxItems: MAX_SCORED_ACTIVITIES,
      description: 'Newest first; activities after evaluated_at are not scored',
    }),
  },
  { ...strict, title: 'EngagementResult' },
)

export const KnockoutHit = Type.Object(
  {
    id: Type.String({ maxLength: 64 }),
    description: Type.String({ maxLength: 500 }),
    field: FieldPath,
    value: FactValue,
  },
  { ...strict, title: 'KnockoutHit' },
)

export const BLOCKING_CODES = ['knockout', 'total_below_threshold', 'criterion_missing', 'below_min_score'] as const

export const Blocking = Type.Object(
  {
    code: Type.Enum(BLOCKING_CODES),
    criterion: Type.Optional(CriterionName),
    field: Type.Optional(FieldPath),
    detail: Type.String({ maxLength: 1000 }),
  },
  { ...strict, title: 'Blocking' },
)

export const GRADES = ['A', 'B', 'C', 'D'] as const
export const DECISIONS = ['qualified', 'nurture', 'disqualified'] as const

export const Evaluation = Type.Object(
  {
    total: Score,
    grade: Type.Enum(GRADES),
    win_probability: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: "Calibrated probability of winning, from the rubric's calibration; absent when it has none",
      }),
    ),
    decision: Type.Enum(DECISIONS),
    criteria: Type.Record(Type.String({ pattern: CRITERION_NAME_PATTERN }), CriterionResult, {
      ...strict,
      maxProperties: 20,
    }),
    engagement: EngagementResult,
    knockouts: Type.Array(KnockoutHit, { maxItems: 50 }),
    blocking: Type.Array(Blocking, {
      maxItems: 200,
      description: 'Every condition that stops qualification; empty iff qualified',
    }),
    rubric: RubricRef,
    evaluated_at: Type.String({ format: 'date-time', maxLength: 40 }),
  },
  { ...strict, title: 'Evaluation' },
)

export type FactValue = Static<typeof FactValue>
export type Reason = Static<typeof Reason>
export type CriterionResult = Static<typeof CriterionResult>
export type ScoredActivity = Static<typeof ScoredActivity>
export type EngagementResult = Static<typeof EngagementResult>
export type KnockoutHit = Static<typeof KnockoutHit>
export type Blocking = Static<typeof Blocking>
export type Grade = (typeof GRADES)[number]
export type Decision = (typeof DECISIONS)[number]
export type Evaluation = Static<typeof Evaluation>
