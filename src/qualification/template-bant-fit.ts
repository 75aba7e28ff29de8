// The default rubric: BANT (budget, authority, need, timeline) plus company fit and engagement.
import type { Rubric } from './rubric-schema.js'
import {
  COMPETITOR_KNOCKOUT, EMBARGO_KNOCKOUT, ENGAGEMENT_POINTS, GRADE_THRESHOLDS, NO_BUDGET_KNOCKOUT, PAIN_KEYWORDS,
  ROLE_RULES, SENIOR_TITLE_RULE, SENIORITY_RULES, TIMELINE_RULES,
} from './template-parts.js'

export const bantFit: Rubric = {
  name: 'BANT + fit',
  description: 'Budget, authority, need and timeline, plus company fit and decayed engagement. All five criteria must be known to qualify. Amounts are compared at face value in the lead\'s own currency. A low total alone never disqualifies (disqualify is 0): with few known facts the total is low because of what we do not know yet, so such leads are nurtured; only knockouts disqualify.',
  criteria: {
    fit: {
      description: 'Is this the kind of company we sell to?',
      hint: 'find out the company\'s industry, size and country',
      weight: 20,
      min_score: 30,
      rules: [
        { id: 'fit.size_50', kind: 'range', field: 'company.employee_count', min: 50, points: 20 },
        { id: 'fit.size_200', kind: 'range', field: 'company.employee_count', min: 200, points: 15 },
        { id: 'fit.industry', kind: 'in', field: 'company.industry', values: ['software', 'saas', 'internet', 'fintech', 'ecommerce', 'e-commerce', 'technology', 'it services', 'marketing', 'professional services'], points: 25 },
        { id: 'fit.market', kind: 'in', field: 'company.country', values: ['AT', 'BE', 'CA', 'CH', 'DE', 'DK', 'ES', 'FI', 'FR', 'GB', 'IE', 'IT', 'NL', 'NO', 'PL', 'PT', 'SE', 'US'], points: 15 },
        { id: 'fit.revenue', kind: 'range', field: 'company.annual_revenue', min: 5_000_000, points: 15 },
        { id: 'fit.domain', kind: 'exists', field: 'company.domain', points: 10 },
        { id: 'fit.free_mail', kind: 'contains', field: 'company.domain', values: ['gmail.', 'googlemail.', 'yahoo.', 'hotmail.', 'outlook.', 'gmx.', 'icloud.', 'aol.', 'proton'], points: -20, label: 'Company domain is a free mail provider' },
      ],
    },
    budget: {
      description: 'Is money set aside, and is it enough?',
      hint: 'ask whether a budget is allocated or approved, and how much',
      weight: 20,
      min_score: 40,
      rules: [
        { id: 'budget.exploring', kind: 'in', field: 'budget.status', values: ['exploring', 'allocated', 'approved'], points: 10, label: 'Budget is at least being explored' },
        { id: 'budget.allocated', kind: 'in', field: 'budget.status', values: ['allocated', 'approved'], points: 30, label: 'Budget is at least allocated' },
        { id: 'budget.approved', kind: 'equals', field: 'budget.status', value: 'approved', points: 20 },
        { id: 'budget.amount_10k', kind: 'range', field: 'budget.amount', min: 10_000, points: 20 },
        { id: 'budget.amount_50k', kind: 'range', field: 'budget.amount', min: 50_000, points: 20 },
      ],
    },
    authority: {
      description: 'Can this contact make or drive the purchase? The strongest signal counts.',
      hint: 'find out the contact\'s seniority and role in the purchase',
      weight: 20,
      min_score: 50,
      combine: 'max',
      rules: [...SENIORITY_RULES, ...ROLE_RULES, SENIOR_TITLE_RULE],
    },
    need: {
      description: 'How pressing is a problem we solve?',
      hint: 'ask how pressing the problem is and what it costs them today',
      weight: 15,
      min_score: 40,
      rules: [
        { id: 'need.low', kind: 'in', field: 'need.level', values: ['low', 'medium', 'high', 'critical'], points: 10, label: 'Need is at least low' },
        { id: 'need.medium', kind: 'in', field: 'need.level', values: ['medium', 'high', 'critical'], points: 20, label: 'Need is at least medium' },
        { id: 'need.high', kind: 'in', field: 'need.level', values: ['high', 'critical'], points: 20, label: 'Need is at least high' },
        { id: 'need.critical', kind: 'equals', field: 'need.level', value: 'critical', points: 15 },
        { id: 'need.our_problem', kind: 'contains', field: 'need.pain_points', values: PAIN_KEYWORDS, points: 35, label: 'A pain point is one we solve' },
      ],
    },
    timeline: {
      description: 'How soon will they buy? The nearest signal counts.',
      hint: 'ask when they need a solution in place',
      weight: 10,
      min_score: 30,
      combine: 'max',
      rules: TIMELINE_RULES,
    },
  },
  required: ['fit', 'budget', 'authority', 'need', 'timeline'],
  engagement: { weight: 15, half_life_days: 14, points: ENGAGEMENT_POINTS, two_way_multiplier: 2, cap: 40 },
  thresholds: { qualify: 60, disqualify: 0, grades: GRADE_THRESHOLDS },
  knockouts: [NO_BUDGET_KNOCKOUT, EMBARGO_KNOCKOUT, COMPETITOR_KNOCKOUT],
}
