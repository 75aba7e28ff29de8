// Building blocks the rubric templates share: knockouts, authority rules and engagement settings.
import type { Rubric } from './rubric-schema.js'
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
