// Inputs shared by the benchmarks: the reference lead and a realistic mix of activities.
import type { Activity, EvaluateInput, LeadFacts } from '../../src/qualification/index.js'
import { templates } from '../../src/qualification/index.js'

export const AS_OF = new Date('2026-11-26T12:00:00Z')

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

const MIX: [Activity['type'], Activity['direction']][] = [
  ['email_open', 'inbound'], ['link_click', 'inbound'], ['page_view', 'inbound'], ['form_submit', 'inbound'],
  ['content_download', 'inbound'], ['webinar_attended', 'inbound'], ['event_attended', 'inbound'],
  ['demo_request', 'inbound'], ['reply', 'inbound'], ['meeting', 'outbound'], ['call', 'inbound'], ['call', 'outbound'],
]

/** count activities of mixed types, from a few hours to several months old, one in the future of AS_OF. */
export function mixedActivities(count: number): Activity[] {
  return Array.from({ length: count }, (_, i): Activity => {
    const [type, direction] = MIX[i % MIX.length] ?? ['page_view', 'inbound']
    const hoursAgo = i === count - 1 ? -5 : 3 + i * i * 11
    return { type, direction, occurred_at: new Date(AS_OF.getTime() - hoursAgo * 3_600_000).toISOString() }
  })
}

export function exampleInput(activityCount = 20): EvaluateInput {
  return {
    lead: exampleLead,
    activities: mixedActivities(activityCount),
    rubric: { id: 'bant_fit', version: 1, definition: templates.bant_fit.definition },
    asOf: AS_OF,
  }
}
