// Shared inputs: the example lead of the qualification contract, the reference time, and a reply from the lead.
import type { LeadFacts } from '../src/qualification/index.js'

export const exampleLead: LeadFacts = {
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
  attributes: { crm: 'none' },
}

export const NOW = new Date('2026-11-26T12:00:00Z')
export const daysBefore = (days: number, from = NOW) => new Date(from.getTime() - days * 86_400_000).toISOString()
export const replyFrom = (days: number) => ({ type: 'reply', direction: 'inbound', occurred_at: daysBefore(days) })
