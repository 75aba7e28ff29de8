// Public surface of the pure qualification engine: schemas, evaluate, checkRubric and the templates.
export {
  Activity,
  ACTIVITY_TYPES,
  ActivityType,
  DIRECTIONS,
  Direction,
  MAX_SCORED_ACTIVITIES,
  isTwoWay,
} from './activity.js'
export { createBacktest, type Backtest } from './backtest.js'
export {
  AucEstimate,
  BacktestReport,
  DecileRow,
  PROBABILITY_SOURCES,
  ReliabilityRow,
  RuleStats,
  Segment,
} from './backtest-schema.js'
export { Calibration, IsotonicCalibration, PlattCalibration, sigmoid, winProbability } from './calibration.js'
export { ACTIVITIES_FIELD, compileRubric, RubricError, type CompiledRubric } from './compile.js'
export { evaluate, type EvaluateInput } from './evaluate.js'
export {
  Blocking,
  BLOCKING_CODES,
  CriterionResult,
  DECISIONS,
  EngagementResult,
  Evaluation,
  FactValue,
  GRADES,
  KnockoutHit,
  Reason,
  ScoredActivity,
  type Decision,
  type Grade,
} from './evaluation-schema.js'
export { FIELD_PATH_PATTERN, FIXED_FIELD_PATHS, FieldPath } from './fields.js'
export {
  Coefficient,
  CrossValidation,
  FitBase,
  FitOptions,
  FitResult,
  L2Score,
  ProposeRules,
  TEMPLATE_KEYS,
  CALIBRATION_METHODS,
} from './fit-schema.js'
export { isotonicCalibration, poolAdjacentViolators, type TotalLevel } from './isotonic.js'
export { createFit, FIT_ERROR_CODES, FitError, type Fit, type FitErrorCode } from './fit.js'
export { denseRows, fitLogistic, predictLinear, type LogisticModel, type SparseRow } from './logistic.js'
export { LabelledRow, MAX_ROW_ACTIVITIES, OUTCOMES, type Outcome } from './labelled.js'
export { auc, aucOfLevels, brierAndLogLoss, probabilityScores, type Level } from './metrics.js'
export { assignRow, rowUniform, seededRandom, type RowAssignment } from './prng.js'
export { BUDGET_STATUSES, DECISION_ROLES, HORIZONS, LEAD_SOURCES, LeadFacts, NEED_LEVELS, SENIORITIES } from './lead.js'
export { checkRubric, type Problem } from './rubric-check.js'
export { Criterion, CriterionName, Engagement, Rubric, RubricRef, Thresholds } from './rubric-schema.js'
export { Knockout, Rule, RULE_KINDS, type ActivityCondition, type RuleKind } from './rule-schema.js'
export { DEFAULT_TEMPLATE, RubricTemplate, templates, type TemplateKey } from './templates.js'
export {
  DEFAULT_SCORE_SETTINGS,
  ScoreSettings,
  scoreSettings,
  TEMPERATURES,
  TemperatureThresholds,
  temperatureRange,
  uncappedEngagement,
  type Temperature,
} from './temperature.js'
export { scoreMove, type StoredScore } from './rescore.js'
