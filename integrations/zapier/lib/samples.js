// Sample resources for the triggers, in the shape GET /v1/webhooks/samples/{type} serves (a test keeps them in step).
'use strict'

const lead = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'ana@acme.io',
  first_name: 'Ana',
  last_name: 'Ruiz',
  title: 'VP Operations',
  seniority: 'vp',
  decision_role: 'decision_maker',
  company: {
    name: 'Acme',
    domain: 'acme.io',
    industry: 'software',
    employee_count: 250,
    annual_revenue: '40000000',
    country: 'DE',
  },
  source: 'webinar',
  budget: { status: 'allocated', amount: '50000.00', currency: 'EUR' },
  need: { level: 'high', pain_points: ['manual lead routing'] },
  timeline: { horizon: 'quarter', purchase_by: '2027-03-31' },
  owner: 'sam',
  status: 'new',
  score: {
    total: 81.22,
    grade: 'A',
    decision: 'qualified',
    rubric_id: '66666666-6666-4666-8666-666666666666',
    rubric_version: 1,
    evaluated_at: '2026-11-26T12:00:00.000Z',
  },
  last_activity_at: '2026-11-26T12:00:00.000Z',
  version: 1,
  created_at: '2026-11-26T12:00:00.000Z',
  updated_at: '2026-11-26T12:00:00.000Z',
}

const opportunity = {
  id: '33333333-3333-4333-8333-333333333333',
  prospect_id: '22222222-2222-4222-8222-222222222222',
  name: 'Acme rollout',
  amount: '48000.00',
  currency: 'EUR',
  expected_close_date: '2027-02-28',
  stage: 'closed_won',
  probability: 100,
  forecast_category: 'closed',
  lost_reason: null,
  closed_at: '2026-11-26T12:00:00.000Z',
  version: 4,
  created_at: '2026-11-26T12:00:00.000Z',
  updated_at: '2026-11-26T12:00:00.000Z',
}

const leadFields = [
  { key: 'id', label: 'Lead ID' },
  { key: 'email', label: 'Email' },
  { key: 'first_name', label: 'First Name' },
  { key: 'last_name', label: 'Last Name' },
  { key: 'title', label: 'Title' },
  { key: 'status', label: 'Status' },
  { key: 'owner', label: 'Owner' },
  { key: 'source', label: 'Source' },
  { key: 'company__name', label: 'Company Name' },
  { key: 'score__total', label: 'Score', type: 'number' },
  { key: 'score__grade', label: 'Grade' },
  { key: 'score__decision', label: 'Score Decision' },
]

const opportunityFields = [
  { key: 'id', label: 'Opportunity ID' },
  { key: 'prospect_id', label: 'Prospect ID' },
  { key: 'name', label: 'Name' },
  { key: 'amount', label: 'Amount' },
  { key: 'currency', label: 'Currency' },
  { key: 'stage', label: 'Stage' },
  { key: 'closed_at', label: 'Closed At', type: 'datetime' },
]

module.exports = { lead, opportunity, leadFields, opportunityFields }
