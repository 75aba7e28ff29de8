// CHAMP: challenges first, then authority, money and prioritization, over the same lead facts.
import type { Rubric } from './rubric-schema.js'
import {
  COMPETITOR_KNOCKOUT,
  EMBARGO_KNOCKOUT,
  ENGAGEMENT_POINTS,
  GRADE_THRESHOLDS,
  PAIN_KEYWORDS,
  ROLE_RULES,
  SENIOR_TITLE_RULE,
  SENIORITY_RULES,
  TIMELINE_RULES,
} from './template-parts.js'

export const champ: Rubric = {
  name: 'CHAMP',
  description:
    'Challenges, Authority, Money, Prioritization. Leads with the problem rather than the budget: money counts but is not required and "no budget" is not a knockout. Only knockouts disqualify.',
  criteria: {
    challenges: {
      description: 'Does the lead have challenges we solve, and how badly?',
      hint: 'ask what gets in their way today',
      weight: 30,
      min_score: 40,
      rules: [
        {
          id: 'challenges.ours',
          kind: 'contains',
          field: 'need.pain_points',
          values: PAIN_KEYWORDS,
          points: 50,
          label: 'A challenge is one we solve',
        },
        {
          id: 'challenges.medium',
          kind: 'in',
          field: 'need.level',
          values: ['medium', 'high', 'critical'],
          points: 20,
          label: 'Need is at least medium',
        },
        {
          id: 'challenges.high',
          kind: 'in',
          field: 'need.level',
          values: ['high', 'critical'],
          points: 15,
          label: 'Need is at least high',
        },
        { id: 'challenges.critical', kind: 'equals', field: 'need.level', value: 'critical', points: 15 },
      ],
    },
    authority: {
      description: 'Can this contact make or drive the purchase? The strongest signal counts.',
      hint: "find out the contact's seniority and role in the purchase",
      weight: 20,
      min_score: 50,
      combine: 'max',
      rules: [...SENIORITY_RULES, ...ROLE_RULES, SENIOR_TITLE_RULE],
    },
    money: {
      description: 'Is there money for it?',
      hint: 'ask how a purchase like this is funded',
      weight: 15,
      rules: [
        {
          id: 'money.exploring',
          kind: 'in',
          field: 'budget.status',
          values: ['exploring', 'allocated', 'approved'],
          points: 20,
          label: 'Budget is at least being explored',
        },
        {
          id: 'money.allocated',
          kind: 'in',
          field: 'budget.status',
          values: ['allocated', 'approved'],
          points: 30,
          label: 'Budget is at least allocated',
        },
        { id: 'money.approved', kind: 'equals', field: 'budget.status', value: 'approved', points: 20 },
        { id: 'money.amount_10k', kind: 'range', field: 'budget.amount', min: 10_000, points: 15 },
        { id: 'money.amount_50k', kind: 'range', field: 'budget.amount', min: 50_000, points: 15 },
      ],
    },
    prioritization: {
      description: 'Is solving it a priority now? The strongest signal counts.',
      hint: 'ask where this ranks among their initiatives and when it must be solved',
      weight: 20,
      min_score: 30,
      combine: 'max',
      rules: [
        ...TIMELINE_RULES,
        {
          id: 'priority.critical_need',
          kind: 'equals',
          field: 'need.level',
          value: 'critical',
          points: 80,
          label: 'A critical need is a priority',
        },
        {
          id: 'priority.stated',
          kind: 'in',
          field: 'attributes.priority',
          values: ['top', 'high'],
          points: 90,
          label: 'The lead ranks it a top priority',
        },
      ],
    },
  },
  required: ['challenges', 'authority', 'prioritization'],
  engagement: { weight: 15, half_life_days: 14, points: ENGAGEMENT_POINTS, two_way_multiplier: 2, cap: 40 },
  thresholds: { qualify: 60, disqualify: 0, grades: GRADE_THRESHOLDS },
  knockouts: [EMBARGO_KNOCKOUT, COMPETITOR_KNOCKOUT],
}
