// Sample deliveries for each event type, built by the same view functions as real events: a trigger's sample data.
import type { ActivityRow, LeadRow } from '../../db/repositories/leads.js'
import type { OpportunityRow } from '../../db/repositories/opportunities.js'
import type { ProspectRow, StakeholderRow } from '../../db/repositories/prospects.js'
import { entityOf, type EventData, type EventDelivery, type EventType } from '../../schemas/events.js'
import { DEFAULT_STAGE_SETTINGS } from '../../qualification/stages.js'
import { activityView, leadView } from '../leads/lead-view.js'
import { opportunityView } from '../opportunities/opportunity-view.js'
import { prospectView } from '../prospects/prospect-view.js'
import { deliveryBody } from './deliver.js'

const WORKSPACE = '00000000-0000-4000-8000-000000000000'
const AT = new Date('2026-11-26T12:00:00Z')
const ids = {
  lead: '11111111-1111-4111-8111-111111111111',
  prospect: '22222222-2222-4222-8222-222222222222',
  opportunity: '33333333-3333-4333-8333-333333333333',
  activity: '44444444-4444-4444-8444-444444444444',
  stakeholder: '55555555-5555-4555-8555-555555555555',
  rubric: '66666666-6666-4666-8666-666666666666',
}

const lead: LeadRow = {
  id: ids.lead,
  workspaceId: WORKSPACE,
  email: 'ana@acme.io',
  firstName: 'Ana',
  lastName: 'Ruiz',
  phone: null,
  title: 'VP Operations',
  seniority: 'vp',
  decisionRole: 'decision_maker',
  company: {
    name: 'Acme',
    domain: 'acme.io',
    industry: 'software',
    employee_count: 250,
    annual_revenue: '40000000',
    country: 'DE',
  },
  source: 'webinar',
  sourceDetail: null,
  budget: { status: 'allocated', amount: '50000.00', currency: 'EUR' },
  need: { level: 'high', pain_points: ['manual lead routing'] },
  timeline: { horizon: 'quarter', purchase_by: '2027-03-31' },
  attributes: null,
  owner: 'sam',
  status: 'qualified',
  scoreTotal: 81.22,
  scoreGrade: 'A',
  scoreDecision: 'qualified',
  scoreRubricId: ids.rubric,
  scoreRubricVersion: 1,
  scoredAt: AT,
  engagementPoints: 35,
  engagementHalfLifeDays: 14,
  lastActivityAt: AT,
  version: 3,
  createdAt: AT,
  updatedAt: AT,
}
const activity: ActivityRow = {
  id: ids.activity,
  workspaceId: WORKSPACE,
  leadId: ids.lead,
  type: 'reply',
  direction: 'inbound',
  occurredAt: AT,
  metadata: null,
  createdAt: AT,
}
const stakeholder: StakeholderRow = {
  id: ids.stakeholder,
  workspaceId: WORKSPACE,
  prospectId: ids.prospect,
  name: 'Ana Ruiz',
  email: 'ana@acme.io',
  title: 'VP Operations',
  role: 'economic_buyer',
  createdAt: AT,
}
const prospect: ProspectRow = {
  id: ids.prospect,
  workspaceId: WORKSPACE,
  leadId: ids.lead,
  status: 'active',
  qualification: {
    total: 81.22,
    grade: 'A',
    decision: 'qualified',
    criteria: {},
    engagement: { score: 0, weight: 20, contribution: 0, raw_points: 0, cap: 30, half_life_days: 14, activities: [] },
    knockouts: [],
    blocking: [],
    rubric: { id: ids.rubric, version: 1 },
    evaluated_at: AT.toISOString(),
  },
  rubricId: ids.rubric,
  rubricVersion: 1,
  overridden: false,
  overrideReason: null,
  notes: null,
  version: 1,
  createdAt: AT,
  updatedAt: AT,
}
const opportunity: OpportunityRow = {
  id: ids.opportunity,
  workspaceId: WORKSPACE,
  prospectId: ids.prospect,
  name: 'Acme rollout',
  amount: '48000.00',
  currency: 'EUR',
  expectedCloseDate: '2027-02-28',
  stage: 'proposal',
  lostReason: null,
  closedAt: null,
  version: 4,
  createdAt: AT,
  updatedAt: AT,
}

function sampleData(type: EventType): EventData {
  if (type === 'lead.score_changed')
    return { ...leadView(lead), previous_score: { ...leadView(lead).score!, total: 64.5, grade: 'B' } }
  const entity = entityOf(type)
  if (entity === 'lead') return leadView(lead)
  if (entity === 'activity') return activityView(activity)
  if (entity === 'prospect') return prospectView(prospect, [stakeholder])
  return opportunityView(opportunity, DEFAULT_STAGE_SETTINGS)
}

/** The sample resources as the API shows them, for the document's examples. */
export const sampleResources = () => ({
  Lead: leadView(lead),
  LeadActivity: activityView(activity),
  Prospect: prospectView(prospect, [stakeholder]),
  Stakeholder: prospectView(prospect, [stakeholder]).stakeholders[0],
  Opportunity: opportunityView(opportunity, DEFAULT_STAGE_SETTINGS),
  Evaluation: prospect.qualification,
})

/** The body of an event of `type`, serialized as a real delivery is. */
export const sampleDelivery = (type: EventType) =>
  JSON.parse(
    deliveryBody({ type, occurredAt: AT, payload: sampleData(type) as Record<string, unknown> }),
  ) as EventDelivery
