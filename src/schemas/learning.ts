// Backtest and fit requests and answers: a labelled dataset (streamed, or the workspace's own leads) and a rubric.
import { Type, type Static } from 'typebox'
import { BacktestReport, FitOptions, Rubric, TEMPLATE_KEYS } from '../qualification/index.js'
import { deferred, Int4, Uuid } from './common.js'
import { DatasetTally } from './datasets.js'
import { RubricVersion } from './rubrics.js'

const RubricId = Type.String({ format: 'uuid', maxLength: 36, description: 'A stored rubric' })
const RubricVersionNumber = Int4({ minimum: 1, description: 'With rubric_id; the newest when omitted' })
const MappingId = Type.String({
  format: 'uuid',
  maxLength: 36,
  description: 'CSV only: a stored column mapping; without it the header names the columns itself',
})
const NurtureDays = Int4({
  minimum: 1,
  maximum: 3650,
  default: 90,
  description: 'source "workspace": a lead nurtured for longer than this many days since its creation counts as lost',
})
const Workspace = Type.Literal('workspace', {
  description:
    "The workspace's own leads: won opportunity → won; disqualified, lost, or nurtured past nurture_days → lost; " +
    'open leads are left out; each lead is scored as of its creation time',
})

export const BacktestQuery = Type.Object(
  {
    rubric_id: Type.Optional(RubricId),
    rubric_version: Type.Optional(RubricVersionNumber),
    mapping_id: Type.Optional(MappingId),
  },
  { additionalProperties: false, dependentRequired: { rubric_version: ['rubric_id'] } },
)
export type BacktestQuery = Static<typeof BacktestQuery>

export const BacktestBody = Type.Object(
  {
    source: Workspace,
    rubric_id: Type.Optional(Uuid),
    rubric_version: Type.Optional(RubricVersionNumber),
    rubric: Type.Optional(deferred(Rubric)),
    nurture_days: Type.Optional(NurtureDays),
  },
  {
    title: 'BacktestBody',
    additionalProperties: false,
    dependentRequired: { rubric_version: ['rubric_id'] },
    description: 'Backtests the inline rubric, else rubric_id, else the active rubric',
  },
)
export type BacktestBody = Static<typeof BacktestBody>

export const BacktestAnswer = Type.Object(
  { dataset: DatasetTally, report: BacktestReport },
  { title: 'BacktestAnswer' },
)
export type BacktestAnswer = Static<typeof BacktestAnswer>

const { base: _base, ...fitSettings } = FitOptions.properties

export const FitQuery = Type.Object(
  {
    template: Type.Optional(
      Type.Enum(TEMPLATE_KEYS, { description: 'The candidate rules (default bant_fit, unless rubric_id is given)' }),
    ),
    rubric_id: Type.Optional(
      Type.String({
        format: 'uuid',
        maxLength: 36,
        description:
          'A stored rubric whose rules are the candidates (instead of a template); its points are re-learned',
      }),
    ),
    rubric_version: Type.Optional(RubricVersionNumber),
    mapping_id: Type.Optional(MappingId),
    name: fitSettings.name,
    propose_rules: Type.Optional(
      Type.Boolean({ description: 'Also propose rules from the data (frequent values, quantile ranges)' }),
    ),
    folds: fitSettings.folds,
    seed: fitSettings.seed,
    holdout: fitSettings.holdout,
    calibration: fitSettings.calibration,
  },
  { additionalProperties: false, dependentRequired: { rubric_version: ['rubric_id'] } },
)
export type FitQuery = Static<typeof FitQuery>

export const FitBody = Type.Object(
  {
    source: Workspace,
    rubric_id: Type.Optional(Uuid),
    rubric_version: Type.Optional(RubricVersionNumber),
    nurture_days: Type.Optional(NurtureDays),
    ...FitOptions.properties,
    base: Type.Optional(FitOptions.properties.base),
  },
  {
    title: 'FitBody',
    additionalProperties: false,
    dependentRequired: { rubric_version: ['rubric_id'] },
    description: 'The candidate rules come from base (a template or a definition), else rubric_id',
  },
)
export type FitBody = Static<typeof FitBody>

export const FitAnswer = Type.Object(
  {
    dataset: DatasetTally,
    rubric: RubricVersion,
  },
  { title: 'FitAnswer' },
)
