// Conditions over lead facts, and the two things built from them: scoring rules and knockouts.
import { Type, type Static } from 'typebox'
import { ActivityType, Direction } from './activity.js'
import { FieldPath } from './fields.js'
import { Int4 } from './integers.js'

export const Scalar = Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()], { title: 'Scalar' })

// Bounded so decimal text of a bound never needs exponent notation in practice.
const Bound = Type.Number({ minimum: -1e15, maximum: 1e15 })

const conditions = {
  equals: { kind: Type.Literal('equals'), field: FieldPath, value: Scalar },
  in: { kind: Type.Literal('in'), field: FieldPath, values: Type.Array(Scalar, { maxItems: 300 }) },
  not_in: { kind: Type.Literal('not_in'), field: FieldPath, values: Type.Array(Scalar, { maxItems: 300 }) },
  range: {
    kind: Type.Literal('range'),
    field: FieldPath,
    min: Type.Optional(Bound),
    max: Type.Optional(Bound),
    below: Type.Optional({ ...Bound, description: 'Exclusive upper bound, for bins that do not overlap' }),
  },
  contains: {
    kind: Type.Literal('contains'),
    field: FieldPath,
    values: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 50 }),
  },
  exists: { kind: Type.Literal('exists'), field: FieldPath },
  within_days: {
    kind: Type.Literal('within_days'),
    field: FieldPath,
    days: Int4({ minimum: 0, maximum: 3650, description: 'The date is today or at most this many days ahead' }),
  },
  within_last_days: {
    kind: Type.Literal('within_last_days'),
    field: FieldPath,
    days: Int4({ minimum: 0, maximum: 3650, description: 'The date is today or at most this many days ago' }),
  },
}

// Scoring only: an unknown fact never knocks a lead out, and activities are not facts a knockout reads.
const scoringOnly = {
  missing: { kind: Type.Literal('missing'), field: FieldPath },
  activity_count: {
    kind: Type.Literal('activity_count'),
    types: Type.Array(ActivityType, { minItems: 1, maxItems: 11, uniqueItems: true }),
    direction: Type.Optional(Direction),
    days: Int4({ minimum: 1, maximum: 3650, description: 'Counts activities of the last this many days' }),
    min: Type.Optional(Int4({ minimum: 0, maximum: 1_000_000 })),
    max: Type.Optional(Int4({ minimum: 0, maximum: 1_000_000 })),
  },
}

export const RULE_KINDS = [...Object.keys(conditions), ...Object.keys(scoringOnly)] as Rule['kind'][]

const Id = Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{0,63}$', maxLength: 64 })

const ruleExtras = {
  id: Type.Optional(Id),
  label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  points: Type.Number({
    minimum: -100,
    maximum: 100,
    description: 'Added to the criterion score when the condition matches',
  }),
}

const knockoutExtras = {
  id: Id,
  description: Type.String({ minLength: 1, maxLength: 500 }),
}

const strict = { additionalProperties: false } as const

export const Rule = Type.Union(
  [
    Type.Object({ ...conditions.equals, ...ruleExtras }, strict),
    Type.Object({ ...conditions.in, ...ruleExtras }, strict),
    Type.Object({ ...conditions.not_in, ...ruleExtras }, strict),
    Type.Object({ ...conditions.range, ...ruleExtras }, strict),
    Type.Object({ ...conditions.contains, ...ruleExtras }, strict),
    Type.Object({ ...conditions.exists, ...ruleExtras }, strict),
    Type.Object({ ...conditions.within_days, ...ruleExtras }, strict),
    Type.Object({ ...conditions.within_last_days, ...ruleExtras }, strict),
    Type.Object({ ...scoringOnly.missing, ...ruleExtras }, strict),
    Type.Object({ ...scoringOnly.activity_count, ...ruleExtras }, strict),
  ],
  { title: 'Rule' },
)

export const Knockout = Type.Union(
  [
    Type.Object({ ...conditions.equals, ...knockoutExtras }, strict),
    Type.Object({ ...conditions.in, ...knockoutExtras }, strict),
    Type.Object({ ...conditions.not_in, ...knockoutExtras }, strict),
    Type.Object({ ...conditions.range, ...knockoutExtras }, strict),
    Type.Object({ ...conditions.contains, ...knockoutExtras }, strict),
    Type.Object({ ...conditions.exists, ...knockoutExtras }, strict),
    Type.Object({ ...conditions.within_days, ...knockoutExtras }, strict),
    Type.Object({ ...conditions.within_last_days, ...knockoutExtras }, strict),
  ],
  { title: 'Knockout' },
)

export type Scalar = Static<typeof Scalar>
export type Rule = Static<typeof Rule>
export type Knockout = Static<typeof Knockout>
export type RuleKind = Rule['kind']
/** The matching part shared by rules and knockouts. */
export type Condition = Rule | Knockout
/** A condition on one lead fact (every kind but activity_count). */
export type FactCondition = Exclude<Condition, { kind: 'activity_count' }>
export type ActivityCondition = Extract<Rule, { kind: 'activity_count' }>
