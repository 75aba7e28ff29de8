// BacktestReport: how well a rubric's scores separated won from lost leads, as the API returns it.
import { Type, type Static } from 'typebox'
import { DECISIONS, GRADES } from './evaluation-schema.js'
import { RubricRef } from './rubric-schema.js'
import { Int4, Int53 } from './integers.js'

const strict = { additionalProperties: false } as const
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
  description: 'null when there is no row to compute it from',
})
const Lift = Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
  description: 'Conversion divided by the base rate; null when undefined',
})
const Count = Int53({ minimum: 0 })

export const AucEstimate = Type.Object(
  {
    value: Type.Number({ minimum: 0, maximum: 1 }),
    lower: Type.Number({ minimum: 0, maximum: 1 }),
    upper: Type.Number({ minimum: 0, maximum: 1 }),
  },
  {
    title: 'AucEstimate',
    ...strict,
    description:
      'Probability that a won row scores above a lost one, ties counting half (exact, from every row); 95% interval by DeLong',
  },
)

export const Segment = Type.Object(
  {
    rows: Count,
    won: Count,
    conversion: Rate,
    lift: Lift,
  },
  { ...strict, title: 'Segment' },
)

export const DecileRow = Type.Object(
  {
    decile: Int4({ minimum: 1, maximum: 10, description: '1 holds the highest scores' }),
    min_total: Type.Union([Type.Number(), Type.Null()]),
    max_total: Type.Union([Type.Number(), Type.Null()]),
    ...Segment.properties,
  },
  {
    title: 'DecileRow',
    ...strict,
    description: 'Rows with the same total stay in one decile, so ties can make deciles uneven',
  },
)

export const GradeRow = Type.Object(
  { grade: Type.Enum(GRADES), ...Segment.properties },
  { ...strict, title: 'GradeRow' },
)
export const DecisionRow = Type.Object(
  { decision: Type.Enum(DECISIONS), ...Segment.properties },
  { ...strict, title: 'DecisionRow' },
)

export const ReliabilityRow = Type.Object(
  {
    low: Type.Number({ minimum: 0, maximum: 1 }),
    high: Type.Number({ minimum: 0, maximum: 1 }),
    rows: Count,
    mean_predicted: Rate,
    observed: Rate,
  },
  { ...strict, title: 'ReliabilityRow' },
)

export const RuleStats = Type.Object(
  {
    rule: Type.String({ maxLength: 200, description: 'The rule id, or its JSON pointer in the rubric' }),
    label: Type.String({ maxLength: 300 }),
    criterion: Type.Union([Type.String({ maxLength: 40 }), Type.Null()], { description: 'null for a knockout' }),
    fired: Count,
    won_when_fired: Count,
    conversion_when_fired: Rate,
    conversion_when_not_fired: Rate,
    lift: Lift,
  },
  { ...strict, title: 'RuleStats' },
)

export const PROBABILITY_SOURCES = ['calibration', 'total'] as const

export const BacktestReport = Type.Object(
  {
    rubric: RubricRef,
    rows: Int4({ minimum: 0, description: 'Rows scored' }),
    won: Count,
    lost: Count,
    base_rate: Rate,
    auc: Type.Union([AucEstimate, Type.Null()], { description: 'null unless both outcomes occur' }),
    probability_source: Type.Enum(PROBABILITY_SOURCES, {
      description:
        "What brier and log_loss judge: the rubric's calibrated win_probability, or total / 100 when it has no calibration",
    }),
    brier: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
    log_loss: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
      description: 'Natural log; probabilities are clipped to [1e-15, 1 - 1e-15]',
    }),
    deciles: Type.Array(DecileRow, { maxItems: 10 }),
    grades: Type.Array(GradeRow, { maxItems: GRADES.length }),
    decisions: Type.Array(DecisionRow, { maxItems: DECISIONS.length }),
    reliability: Type.Array(ReliabilityRow, {
      maxItems: 10,
      description: 'Predicted probability in ten equal bins against the observed conversion',
    }),
    rules: Type.Array(RuleStats, { maxItems: 2100 }),
  },
  { ...strict, title: 'BacktestReport' },
)

export type AucEstimate = Static<typeof AucEstimate>
export type Segment = Static<typeof Segment>
export type DecileRow = Static<typeof DecileRow>
export type ReliabilityRow = Static<typeof ReliabilityRow>
export type RuleStats = Static<typeof RuleStats>
export type BacktestReport = Static<typeof BacktestReport>
