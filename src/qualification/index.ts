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
export { RubricError } from './compile.js'
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
export { BUDGET_STATUSES, DECISION_ROLES, HORIZONS, LEAD_SOURCES, LeadFacts, NEED_LEVELS, SENIORITIES } from './lead.js'
export { checkRubric, type Problem } from './rubric-check.js'
export { Criterion, CriterionName, Engagement, Rubric, RubricRef, Thresholds } from './rubric-schema.js'
export { Knockout, Rule, RULE_KINDS, type RuleKind } from './rule-schema.js'
export { DEFAULT_TEMPLATE, RubricTemplate, templates, type TemplateKey } from './templates.js'
