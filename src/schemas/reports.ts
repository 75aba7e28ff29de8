// Report shapes: the funnel by lead cohort, time in stage, and the weighted forecast per currency.
import { Type, type Static } from 'typebox'
import { Count, UNCAPPED } from './common.js'
import { Decimal } from '../qualification/lead.js'
import { STAGES } from '../qualification/lifecycle.js'
import { FORECAST_CATEGORIES } from '../qualification/stages.js'

export const FUNNEL_GROUPS = ['source', 'owner', 'rubric_version', 'grade', 'month'] as const

const Day = (description: string, example: string) =>
  Type.String({ format: 'date', maxLength: 10, description, examples: [example] })

export const FunnelQuery = Type.Object(
  {
    from: Day('First creation day of the cohort (UTC, inclusive)', '2026-01-01'),
    to: Day('Last creation day of the cohort (UTC, inclusive); at most 366 days after from', '2026-03-31'),
    group_by: Type.Optional(
      Type.Enum(FUNNEL_GROUPS, {
        description:
          'source, owner, rubric_version (the rubric the lead was scored with when created), grade (at its first qualification) or month (of creation)',
        examples: ['source'],
      }),
    ),
  },
  { additionalProperties: false },
)
export type FunnelQuery = Static<typeof FunnelQuery>

const Seconds = Type.Union([Type.Number(), Type.Null()])
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
  description: 'A fraction rounded to 4 decimals; null when the base is 0',
})

export const FunnelStep = Type.Object(
  {
    step: Type.Enum(['created', 'working', 'qualified', 'opportunity', 'won']),
    count: Count({ description: 'Leads that reached this step (or a later one)' }),
    conversion_from_previous: Rate,
    median_seconds_from_previous: Seconds,
    p90_seconds_from_previous: Seconds,
  },
  { title: 'FunnelStep' },
)

export const FunnelGroupResult = Type.Object(
  {
    group: Type.Union([Type.String({ maxLength: 200 }), Type.Null()], {
      description: 'null for the total over every group',
    }),
    steps: Type.Array(FunnelStep, { maxItems: 20 }),
    overall_conversion: Rate,
    median_seconds_to_won: Seconds,
    p90_seconds_to_won: Seconds,
    outcomes: Type.Object({
      lost: Count({ description: 'Leads with an opportunity that was ever lost' }),
      disqualified: Count({ description: 'Leads ever disqualified' }),
      nurtured: Count({ description: 'Leads ever sent to nurturing' }),
    }),
    backward: Type.Object({
      leads: Count({ description: 'Leads with at least one backward move' }),
      lead_nurture_moves: Count(),
      lead_reopen_moves: Count(),
      opportunity_stage_back_moves: Count(),
      opportunity_reopen_moves: Count(),
    }),
  },
  { title: 'FunnelGroupResult' },
)

export const Funnel = Type.Object(
  {
    from: Type.String({ format: 'date', maxLength: 10 }),
    to: Type.String({ format: 'date', maxLength: 10 }),
    group_by: Type.Union([Type.Enum(FUNNEL_GROUPS), Type.Null()]),
    total: FunnelGroupResult,
    groups: Type.Array(FunnelGroupResult, {
      maxItems: UNCAPPED,
      description:
        'One per value of group_by among the leads of the period (source and grade: their enums and null; owner, ' +
        'rubric_version and month: the distinct values those leads have)',
    }),
  },
  { title: 'Funnel' },
)

export const StagesQuery = Type.Object(
  {
    from: Day('First day a stay in a stage may begin (UTC, inclusive)', '2026-01-01'),
    to: Day('Last day a stay may begin (UTC, inclusive); at most 366 days after from', '2026-03-31'),
  },
  { additionalProperties: false },
)
export type StagesQuery = Static<typeof StagesQuery>

const Days = Type.Union([Type.Number(), Type.Null()], { description: 'Over completed stays, 3 decimals' })

export const StageReport = Type.Object(
  {
    from: Type.String({ format: 'date', maxLength: 10 }),
    to: Type.String({ format: 'date', maxLength: 10 }),
    stages: Type.Array(
      Type.Object({
        stage: Type.Enum(STAGES),
        entered: Count(),
        left_forward: Count(),
        left_backward: Count({ description: 'To an earlier stage, or reopened from closed_lost' }),
        lost: Count({ description: 'Closed as lost from this stage' }),
        still_in: Count(),
        median_days: Days,
        p90_days: Days,
      }),
      { maxItems: STAGES.length },
    ),
  },
  { title: 'StageReport' },
)

/** Months in the years a date may have (0001-9999), and the three-letter codes a currency may have. */
const MONTHS_OF_DATES = 9999 * 12
const CURRENCY_CODES = 26 ** 3

export const ForecastQuery = Type.Object(
  {
    from: Type.Optional(Day('First close month (its first day); without a period every month is shown', '2026-01-01')),
    to: Type.Optional(Day('Last close month (any day in it)', '2026-12-31')),
  },
  { additionalProperties: false },
)
export type ForecastQuery = Static<typeof ForecastQuery>

const Money = Type.Object({
  opportunities: Count(),
  amount: Decimal,
  weighted_amount: Decimal,
})

export const Forecast = Type.Object(
  {
    currencies: Type.Array(
      Type.Object({
        currency: Type.String({ pattern: '^[A-Z]{3}$', maxLength: 3 }),
        months: Type.Array(
          Type.Object({
            month: Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}$', maxLength: 7 }), Type.Null()], {
              description: 'YYYY-MM of the expected close (of the close for won ones); null when unscheduled',
            }),
            categories: Type.Array(Type.Object({ category: Type.Enum(FORECAST_CATEGORIES), ...Money.properties }), {
              maxItems: FORECAST_CATEGORIES.length,
            }),
          }),
          {
            maxItems: MONTHS_OF_DATES + 1,
            description: 'One per month with a close (years 0001-9999, the dates the API takes), then null',
          },
        ),
      }),
      {
        maxItems: CURRENCY_CODES,
        description: 'One entry per currency (three letters A-Z): amounts are never added across currencies',
      },
    ),
    win_rates: Type.Array(
      Type.Object({
        stage: Type.Enum(STAGES),
        configured_probability: Count({ minimum: 0, maximum: 100 }),
        empirical_win_rate: Rate,
        closed_sample: Count({ description: 'Closed opportunities that were once in this stage' }),
      }),
      { maxItems: STAGES.length },
    ),
  },
  { title: 'Forecast' },
)
