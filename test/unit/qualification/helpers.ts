// Shared fixtures for the qualification tests: the reference lead, small rubrics and a one-call evaluate.
import {
  evaluate, templates, type Activity, type Criterion, type Evaluation, type LeadFacts, type Rubric, type Rule,
} from '../../../src/qualification/index.js'

export const AS_OF = new Date('2026-11-26T12:00:00Z')
const DAY = 86_400_000

export const exampleLead: LeadFacts = {
  email: 'ana@acme.io',
  first_name: 'Ana',
  last_name: 'Ruiz',
  title: 'VP Operations',
  seniority: 'vp',
  decision_role: 'decision_maker',
  company: { name: 'Acme', domain: 'acme.io', industry: 'software', employee_count: 250, annual_revenue: '40000000', country: 'DE' },
  source: 'webinar',
  budget: { status: 'allocated', amount: '50000.00', currency: 'EUR' },
  need: { level: 'high', pain_points: ['manual lead routing'] },
  timeline: { horizon: 'quarter', purchase_by: '2027-03-31' },
  attributes: { crm: 'none' },
}

export function daysBefore(days: number, asOf: Date = AS_OF): string {
  return new Date(asOf.getTime() - days * DAY).toISOString()
}

export function activity(type: Activity['type'], daysAgo: number, direction: Activity['direction'] = 'inbound'): Activity {
  return { type, direction, occurred_at: daysBefore(daysAgo) }
}

/** A valid rubric around the given criteria; engagement takes the remaining weight. */
export function rubricOf(criteria: Record<string, Criterion>, overrides: Partial<Rubric> = {}): Rubric {
  const used = Object.values(criteria).reduce((sum, c) => sum + c.weight, 0)
  return {
    name: 'test',
    criteria,
    engagement: { weight: 100 - used, half_life_days: 7, points: { email_open: 10, reply: 10, meeting: 10, call: 10, page_view: 10 }, two_way_multiplier: 2, cap: 100 },
    thresholds: { qualify: 60, disqualify: 20, grades: { A: 80, B: 60, C: 40 } },
    ...overrides,
  }
}

/** A rubric with a single criterion "c" (weight 100) holding the given rules. */
export function rulesRubric(rules: Rule[], extra: Partial<Criterion> = {}): Rubric {
  return rubricOf({ c: { weight: 100, rules, ...extra } })
}

export function run(definition: Rubric, lead: LeadFacts = exampleLead, activities: Activity[] = [], asOf: Date = AS_OF): Evaluation {
  return evaluate({ lead, activities, rubric: { id: 'test', version: 1, definition }, asOf })
}

export function runTemplate(key: keyof typeof templates, lead: LeadFacts, activities: Activity[] = [], asOf: Date = AS_OF): Evaluation {
  return evaluate({ lead, activities, rubric: { id: key, version: 1, definition: templates[key].definition }, asOf })
}

/** The score and explanation of criterion "c" for one rule against a lead. */
export function criterion(rule: Rule, lead: LeadFacts, asOf: Date = AS_OF) {
  const result = run(rulesRubric([rule]), lead, [], asOf).criteria['c']
  if (result === undefined) throw new Error('criterion c missing from the evaluation')
  return result
}
