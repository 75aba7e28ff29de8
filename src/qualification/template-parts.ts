// Building blocks the rubric templates share: knockouts, criteria, rule ladders and engagement settings.
import type { Criterion, Rubric } from './rubric-schema.js'
import type { Knockout, Rule } from './rule-schema.js'

export const EMBARGO_KNOCKOUT: Knockout = {
  id: 'embargoed_country',
  kind: 'in',
  field: 'company.country',
  values: ['CU', 'IR', 'KP', 'SY'],
  description:
    'Company is in a country under comprehensive trade embargo (Cuba, Iran, North Korea, Syria), where we cannot legally sell. Sanctioned regions without their own country code need a manual check.',
}

export const COMPETITOR_KNOCKOUT: Knockout = {
  id: 'competitor',
  kind: 'in',
  field: 'company.domain',
  values: [],
  description: "Company domain belongs to a competitor. Empty in the template: list your competitors' domains.",
}

export const NO_BUDGET_KNOCKOUT: Knockout = {
  id: 'no_budget',
  kind: 'equals',
  field: 'budget.status',
  value: 'none',
  description: 'The lead states there is no budget: nothing to sell into until that changes.',
}

// Higher seniority always earns at least as much, so promoting a contact never lowers the score.
export const SENIORITY_RULES: Rule[] = [
  { id: 'seniority.c_level', kind: 'equals', field: 'seniority', value: 'c_level', points: 100 },
  { id: 'seniority.vp', kind: 'equals', field: 'seniority', value: 'vp', points: 90 },
  { id: 'seniority.director', kind: 'equals', field: 'seniority', value: 'director', points: 75 },
  { id: 'seniority.manager', kind: 'equals', field: 'seniority', value: 'manager', points: 50 },
  { id: 'seniority.senior', kind: 'equals', field: 'seniority', value: 'senior', points: 30 },
  { id: 'seniority.other', kind: 'equals', field: 'seniority', value: 'other', points: 15 },
  { id: 'seniority.entry', kind: 'equals', field: 'seniority', value: 'entry', points: 10 },
]

export const ROLE_RULES: Rule[] = [
  { id: 'role.buyer', kind: 'in', field: 'decision_role', values: ['decision_maker', 'economic_buyer'], points: 100 },
  { id: 'role.champion', kind: 'equals', field: 'decision_role', value: 'champion', points: 70 },
  { id: 'role.influencer', kind: 'equals', field: 'decision_role', value: 'influencer', points: 50 },
  { id: 'role.user', kind: 'equals', field: 'decision_role', value: 'user', points: 25 },
  { id: 'role.gatekeeper', kind: 'equals', field: 'decision_role', value: 'gatekeeper', points: 10 },
]

export const SENIOR_TITLE_RULE: Rule = {
  id: 'title.senior',
  kind: 'contains',
  field: 'title',
  values: ['chief', 'founder', 'owner', 'president', 'head of'],
  points: 70,
  label: 'Title names a senior role',
}

export const AUTHORITY_CRITERION: Criterion = {
  description: 'Can this contact make or drive the purchase? The strongest signal counts.',
  hint: "find out the contact's seniority and role in the purchase",
  weight: 20,
  min_score: 50,
  combine: 'max',
  rules: [...SENIORITY_RULES, ...ROLE_RULES, SENIOR_TITLE_RULE],
}

/**
 * Rules over an ordered scale: the rule of a step matches it and every step above, the top step is matched alone, so
 * a higher step always earns at least as much. Steps without points get no rule.
 */
function ladder<Step extends string>(
  prefix: string,
  field: string,
  scale: readonly Step[],
  points: Partial<Record<Step, number>>,
  label: (step: Step) => string,
): Rule[] {
  return scale.flatMap((step, i): Rule[] => {
    const earned = points[step]
    if (earned === undefined) return []
    const id = `${prefix}.${step}`
    if (i === scale.length - 1) return [{ id, kind: 'equals', field, value: step, points: earned }]
    return [{ id, kind: 'in', field, values: scale.slice(i), points: earned, label: label(step) }]
  })
}

const NEED_LEVELS = ['low', 'medium', 'high', 'critical'] as const
const BUDGET_STATUSES = ['exploring', 'allocated', 'approved'] as const

/** How pressing the need is, step by step up to critical. */
export const needLadder = (prefix: string, points: Partial<Record<(typeof NEED_LEVELS)[number], number>>) =>
  ladder(prefix, 'need.level', NEED_LEVELS, points, (level) => `Need is at least ${level}`)

/** How far the budget has got, then how large it is. */
export function budgetLadder(
  prefix: string,
  points: Record<(typeof BUDGET_STATUSES)[number] | 'amount_10k' | 'amount_50k', number>,
): Rule[] {
  const label = (status: string) => `Budget is at least ${status === 'exploring' ? 'being explored' : status}`
  return [
    ...ladder(prefix, 'budget.status', BUDGET_STATUSES, points, label),
    { id: `${prefix}.amount_10k`, kind: 'range', field: 'budget.amount', min: 10_000, points: points.amount_10k },
    { id: `${prefix}.amount_50k`, kind: 'range', field: 'budget.amount', min: 50_000, points: points.amount_50k },
  ]
}

// Each horizon is worth at least as much as any later one.
export const TIMELINE_RULES: Rule[] = [
  { id: 'horizon.immediate', kind: 'equals', field: 'timeline.horizon', value: 'immediate', points: 100 },
  { id: 'horizon.month', kind: 'equals', field: 'timeline.horizon', value: 'month', points: 85 },
  { id: 'horizon.quarter', kind: 'equals', field: 'timeline.horizon', value: 'quarter', points: 60 },
  { id: 'horizon.half_year', kind: 'equals', field: 'timeline.horizon', value: 'half_year', points: 35 },
  { id: 'horizon.year', kind: 'equals', field: 'timeline.horizon', value: 'year', points: 15 },
  { id: 'purchase_by.30d', kind: 'within_days', field: 'timeline.purchase_by', days: 30, points: 100 },
  { id: 'purchase_by.90d', kind: 'within_days', field: 'timeline.purchase_by', days: 90, points: 80 },
  { id: 'purchase_by.180d', kind: 'within_days', field: 'timeline.purchase_by', days: 180, points: 60 },
  { id: 'purchase_by.365d', kind: 'within_days', field: 'timeline.purchase_by', days: 365, points: 30 },
]

export const PAIN_KEYWORDS = [
  'lead',
  'routing',
  'qualification',
  'scoring',
  'pipeline',
  'crm',
  'follow-up',
  'spreadsheet',
  'manual',
  'conversion',
]

// Conversations (reply, meeting, inbound call) get the two-way multiplier on top of their points.
export const ENGAGEMENT_POINTS: Rubric['engagement']['points'] = {
  email_open: 1,
  link_click: 2,
  page_view: 1,
  form_submit: 8,
  content_download: 5,
  webinar_attended: 8,
  event_attended: 8,
  demo_request: 20,
  reply: 10,
  meeting: 15,
  call: 6,
}

export const GRADE_THRESHOLDS = { A: 80, B: 60, C: 40 }
