// Rubric: a JSON document naming the criteria, their rules and weights, engagement decay, thresholds and knockouts.
import { Type, type Static } from 'typebox'
import { ActivityType } from './activity.js'
import { Calibration } from './calibration.js'
import { Knockout, Rule } from './rule-schema.js'
import { Int4 } from './integers.js'

const strict = { additionalProperties: false } as const

export const CRITERION_NAME_PATTERN = '^[a-z][a-z0-9_]{0,39}$'
export const CriterionName = Type.String({ pattern: CRITERION_NAME_PATTERN, maxLength: 40 })

const Percent = (description?: string) =>
  Type.Number({ minimum: 0, maximum: 100, ...(description === undefined ? {} : { description }) })
// Integers so "weights add up to 100" is exact arithmetic.
const Weight = Int4({ minimum: 0, maximum: 100, description: 'Share of the total, in percent' })

export const Criterion = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 500 })),
    hint: Type.Optional(Type.String({ maxLength: 300, description: 'What to find out when the criterion is unknown' })),
    weight: Weight,
    min_score: Type.Optional(Percent('When the criterion is known, a score below this blocks qualification')),
    combine: Type.Optional(
      Type.Enum(['sum', 'max'], { description: 'How matched points make the score (default sum)' }),
    ),
    rules: Type.Array(Rule, { minItems: 1, maxItems: 100 }),
  },
  { ...strict, title: 'Criterion' },
)

export const EngagementPoints = Type.Partial(Type.Record(ActivityType, Type.Number({ minimum: 0, maximum: 100 })), {
  ...strict,
  title: 'EngagementPoints',
})

export const Engagement = Type.Object(
  {
    weight: Weight,
    half_life_days: Type.Number({ exclusiveMinimum: 0, maximum: 3650 }),
    points: EngagementPoints,
    two_way_multiplier: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 10,
        description: 'Applied to replies, meetings and inbound calls (default 1)',
      }),
    ),
    cap: Type.Number({ exclusiveMinimum: 0, maximum: 100_000, description: 'Decayed points worth a score of 100' }),
  },
  { ...strict, title: 'Engagement' },
)

export const Thresholds = Type.Object(
  {
    qualify: Percent('Lowest total that can qualify'),
    disqualify: Percent('A total below this disqualifies'),
    grades: Type.Object({ A: Percent(), B: Percent(), C: Percent() }, strict),
  },
  { ...strict, title: 'Thresholds' },
)

export const Rubric = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    criteria: Type.Record(Type.String({ pattern: CRITERION_NAME_PATTERN }), Criterion, {
      ...strict,
      minProperties: 1,
      maxProperties: 20,
    }),
    required: Type.Optional(
      Type.Array(CriterionName, { maxItems: 20, description: 'Criteria that must be known to qualify' }),
    ),
    engagement: Engagement,
    thresholds: Thresholds,
    knockouts: Type.Optional(Type.Array(Knockout, { maxItems: 50 })),
    calibration: Type.Optional({
      ...Calibration,
      description: 'Maps the total to a probability of winning (set by a fit); evaluations then show win_probability',
    }),
  },
  { ...strict, title: 'Rubric' },
)

export const RubricRef = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100 }),
    // The bound of the column it refers to.
    version: Int4({ minimum: 1, maximum: 2_147_483_647 }),
  },
  { ...strict, title: 'RubricRef' },
)

export type Criterion = Static<typeof Criterion>
export type Engagement = Static<typeof Engagement>
export type Thresholds = Static<typeof Thresholds>
export type Rubric = Static<typeof Rubric>
export type RubricRef = Static<typeof RubricRef>
