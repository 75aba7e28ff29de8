// Inputs shared by the benchmarks: the reference lead and a realistic mix of activities.
import type { Activity, EvaluateInput } from '../../src/qualification/index.js'
import { compileRubric, templates } from '../../src/qualification/index.js'
import { exampleLead } from '../fixtures.js'

// Compiled once here, as the app's cache would: the bench measures scoring, not compiling.
const BANT_FIT = compileRubric(templates.bant_fit.definition)

export { exampleLead }

export const AS_OF = new Date('2026-11-26T12:00:00Z')

const MIX: [Activity['type'], Activity['direction']][] = [
  ['email_open', 'inbound'],
  ['link_click', 'inbound'],
  ['page_view', 'inbound'],
  ['form_submit', 'inbound'],
  ['content_download', 'inbound'],
  ['webinar_attended', 'inbound'],
  ['event_attended', 'inbound'],
  ['demo_request', 'inbound'],
  ['reply', 'inbound'],
  ['meeting', 'outbound'],
  ['call', 'inbound'],
  ['call', 'outbound'],
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
    rubric: { id: 'bant_fit', version: 1, compiled: BANT_FIT },
    asOf: AS_OF,
  }
}
