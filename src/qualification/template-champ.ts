// CHAMP: challenges first, then authority, money and prioritization, over the same lead facts.
import type { Rubric } from './rubric-schema.js'
import {
  AUTHORITY_CRITERION,
  budgetLadder,
  COMPETITOR_KNOCKOUT,
  EMBARGO_KNOCKOUT,
  ENGAGEMENT_POINTS,
  GRADE_THRESHOLDS,
  needLadder,
  PAIN_KEYWORDS,
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
        ...needLadder('challenges', { medium: 20, high: 15, critical: 15 }),
      ],
    },
    authority: AUTHORITY_CRITERION,
    money: {
      description: 'Is there money for it?',
      hint: 'ask how a purchase like this is funded',
      weight: 15,
      rules: [...budgetLadder('money', { exploring: 20, allocated: 30, approved: 20, amount_10k: 15, amount_50k: 15 })],
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
