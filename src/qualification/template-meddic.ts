// MEDDIC: metrics, economic buyer, decision criteria, decision process, identified pain, champion.
import type { Rubric } from './rubric-schema.js'
import {
  COMPETITOR_KNOCKOUT,
  EMBARGO_KNOCKOUT,
  ENGAGEMENT_POINTS,
  GRADE_THRESHOLDS,
  needLadder,
  PAIN_KEYWORDS,
} from './template-parts.js'

const yes = (id: string, key: string, points: number, label: string) =>
  ({ id, kind: 'equals', field: `attributes.${key}`, value: true, points, label }) as const

export const meddic: Rubric = {
  name: 'MEDDIC',
  description:
    'For opportunities in discovery. Discovery answers live in attributes: metrics_defined, success_metric, economic_buyer_identified, decision_criteria_known, technical_fit_confirmed, decision_process_known, paper_process_known, champion_identified (true/false or text). Economic buyer, pain and a champion must be known to qualify; only knockouts disqualify.',
  criteria: {
    metrics: {
      description: 'Has the lead quantified the gain?',
      hint: 'ask how they will measure success',
      weight: 15,
      rules: [
        yes('metrics.defined', 'metrics_defined', 60, 'Success metrics are defined'),
        {
          id: 'metrics.named',
          kind: 'exists',
          field: 'attributes.success_metric',
          points: 40,
          label: 'A success metric is named',
        },
      ],
    },
    economic_buyer: {
      description: 'Do we know, or talk to, who signs?',
      hint: 'find out who approves the spend',
      weight: 20,
      min_score: 50,
      combine: 'max',
      rules: [
        {
          id: 'eb.is_contact',
          kind: 'equals',
          field: 'decision_role',
          value: 'economic_buyer',
          points: 100,
          label: 'The contact is the economic buyer',
        },
        {
          id: 'eb.decides',
          kind: 'equals',
          field: 'decision_role',
          value: 'decision_maker',
          points: 80,
          label: 'The contact makes the decision',
        },
        yes('eb.identified', 'economic_buyer_identified', 70, 'The economic buyer is identified'),
        {
          id: 'eb.c_level',
          kind: 'equals',
          field: 'seniority',
          value: 'c_level',
          points: 60,
          label: 'A C-level contact reaches the economic buyer',
        },
      ],
    },
    decision_criteria: {
      description: 'Do we know how they will choose?',
      hint: 'ask which criteria the choice will be made on',
      weight: 10,
      rules: [
        yes('dc.known', 'decision_criteria_known', 70, 'Decision criteria are known'),
        yes('dc.fit', 'technical_fit_confirmed', 30, 'Technical fit is confirmed'),
      ],
    },
    decision_process: {
      description: 'Do we know the steps and dates to a signature?',
      hint: 'ask who is involved, in which steps, until when',
      weight: 15,
      rules: [
        yes('dp.known', 'decision_process_known', 50, 'Decision process is known'),
        yes('dp.paper', 'paper_process_known', 20, 'Paper process (legal, procurement) is known'),
        {
          id: 'dp.date',
          kind: 'within_days',
          field: 'timeline.purchase_by',
          days: 180,
          points: 30,
          label: 'A purchase date within six months',
        },
      ],
    },
    identify_pain: {
      description: 'Is there a pain we solve, and how strong?',
      hint: 'ask what the problem costs them today',
      weight: 15,
      min_score: 40,
      rules: [
        ...needLadder('pain', { medium: 30, high: 20, critical: 10 }),
        {
          id: 'pain.ours',
          kind: 'contains',
          field: 'need.pain_points',
          values: PAIN_KEYWORDS,
          points: 40,
          label: 'A pain point is one we solve',
        },
      ],
    },
    champion: {
      description: 'Is someone inside selling for us?',
      hint: 'find out who inside wants this to happen',
      weight: 15,
      min_score: 50,
      combine: 'max',
      rules: [
        {
          id: 'champion.is_contact',
          kind: 'equals',
          field: 'decision_role',
          value: 'champion',
          points: 100,
          label: 'The contact is our champion',
        },
        yes('champion.identified', 'champion_identified', 80, 'A champion is identified'),
      ],
    },
  },
  required: ['economic_buyer', 'identify_pain', 'champion'],
  engagement: { weight: 10, half_life_days: 21, points: ENGAGEMENT_POINTS, two_way_multiplier: 3, cap: 60 },
  thresholds: { qualify: 65, disqualify: 0, grades: GRADE_THRESHOLDS },
  knockouts: [EMBARGO_KNOCKOUT, COMPETITOR_KNOCKOUT],
}
