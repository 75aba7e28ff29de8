// FitOptions and FitResult: learning a rubric's points from won and lost leads, as the API accepts and returns it.
import { Type, type Static } from 'typebox'
import { BacktestReport } from './backtest-schema.js'
import { FieldPath } from './fields.js'
import { Rubric } from './rubric-schema.js'
import { Int4, Int53 } from './integers.js'

const strict = { additionalProperties: false } as const

export const TEMPLATE_KEYS = ['bant_fit', 'champ', 'meddic'] as const
export const CALIBRATION_METHODS = ['platt', 'isotonic'] as const

export const FitBase = Type.Union(
  [Type.Object({ template: Type.Enum(TEMPLATE_KEYS) }, strict), Type.Object({ definition: Rubric }, strict)],
  { title: 'FitBase' },
)

export const ProposeRules = Type.Object(
  {
    sample_rows: Type.Optional(
      Int4({
        minimum: 10,
        maximum: 100_000,
        description: 'Proposals are drawn from this many first rows of the dataset (default 5000)',
      }),
    ),
    max_values: Type.Optional(
      Int4({ minimum: 1, maximum: 50, description: 'Most frequent values kept per text field (default 12)' }),
    ),
    min_share: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 0.5,
        description: 'A value must occur in at least this share of the sample (default 0.01)',
      }),
    ),
    quantiles: Type.Optional(
      Int4({ minimum: 2, maximum: 20, description: 'Numeric fields are cut into this many bins (default 10)' }),
    ),
    fields: Type.Optional(
      Type.Array(FieldPath, {
        maxItems: 50,
        uniqueItems: true,
        description: 'Only these facts (default: every fact the sample holds, attributes included)',
      }),
    ),
  },
  { ...strict, title: 'ProposeRules' },
)

export const FitOptions = Type.Object(
  {
    base: FitBase,
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Name of the fitted rubric' })),
    propose_rules: Type.Optional(
      Type.Union([Type.Boolean(), ProposeRules], {
        description:
          'Also propose rules from the data: in-rules for frequent values, range rules at quantile cuts (default false)',
      }),
    ),
    folds: Type.Optional(Int4({ minimum: 2, maximum: 10, description: 'Cross-validation folds (default 5)' })),
    seed: Type.Optional(
      Int53({ minimum: 0, maximum: 4_294_967_295, description: 'Fixes the split and folds (default 1)' }),
    ),
    holdout: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 0.9,
        description: 'Share of rows held out of fitting and calibration, then backtested (default 0.3)',
      }),
    ),
    calibration: Type.Optional(
      Type.Enum(CALIBRATION_METHODS, {
        description:
          'How the total maps to win_probability, learned from out-of-fold predictions: platt (a logistic curve, ' +
          'the default) or isotonic (pool-adjacent-violators: a non-decreasing map, linear between its points)',
      }),
    ),
  },
  { ...strict, title: 'FitOptions' },
)

export const L2Score = Type.Object(
  {
    l2: Type.Number({ minimum: 0 }),
    log_loss: Type.Number({ minimum: 0 }),
    auc: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
  },
  { ...strict, title: 'L2Score' },
)

export const CrossValidation = Type.Object(
  {
    folds: Int4({ minimum: 2 }),
    l2: Type.Number({ minimum: 0, description: 'The L2 penalty chosen: lowest mean out-of-fold log loss' }),
    auc: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description: 'AUC of the out-of-fold predictions at the chosen penalty',
    }),
    log_loss: Type.Number({ minimum: 0 }),
    brier: Type.Number({ minimum: 0, maximum: 1 }),
    grid: Type.Array(L2Score, { maxItems: 50 }),
  },
  { ...strict, title: 'CrossValidation' },
)

export const Coefficient = Type.Object(
  {
    criterion: Type.String({ maxLength: 40 }),
    rule: Type.String({ maxLength: 200 }),
    coefficient: Type.Number({ description: 'Log-odds of the rule firing, from the regression' }),
    points: Type.Number(),
    rows: Int4({ minimum: 0, description: 'Training rows the rule fired on' }),
  },
  { ...strict, title: 'Coefficient' },
)

export const FitResult = Type.Object(
  {
    definition: Rubric,
    method: Type.String({ maxLength: 2000, description: 'How the points were learned, in words' }),
    rows: Type.Object(
      {
        used: Int4({ minimum: 0 }),
        training: Int4({ minimum: 0 }),
        holdout: Int4({ minimum: 0 }),
        proposal_sample: Int4({ minimum: 0, description: 'First rows the rule proposals were drawn from' }),
        patterns: Int4({ minimum: 0, description: 'Distinct combinations of fired rules kept in memory' }),
      },
      strict,
    ),
    cross_validation: CrossValidation,
    coefficients: Type.Array(Coefficient, { maxItems: 2000 }),
    holdout: Type.Union([BacktestReport, Type.Null()], { description: 'null when holdout is 0' }),
  },
  { ...strict, title: 'FitResult' },
)

export type FitBase = Static<typeof FitBase>
export type ProposeRules = Static<typeof ProposeRules>
export type FitOptions = Static<typeof FitOptions>
export type CrossValidation = Static<typeof CrossValidation>
export type FitResult = Static<typeof FitResult>
