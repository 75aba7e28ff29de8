// Action: record an engagement activity on a lead (POST /v1/leads/{id}/activities); the lead is rescored.
'use strict'

const { apiUrl } = require('../lib/api')
const { lead } = require('../lib/samples')

const TYPES = [
  'email_open',
  'link_click',
  'page_view',
  'form_submit',
  'content_download',
  'webinar_attended',
  'event_attended',
  'demo_request',
  'reply',
  'meeting',
  'call',
]

const perform = async (z, bundle) => {
  const { lead_id: leadId, type, direction, occurred_at: occurredAt, metadata } = bundle.inputData
  const body = { type, direction, occurred_at: occurredAt || new Date().toISOString() }
  if (metadata && Object.keys(metadata).length > 0) body.metadata = metadata
  const response = await z.request({
    url: apiUrl(bundle, `/v1/leads/${encodeURIComponent(leadId)}/activities`),
    method: 'POST',
    body,
  })
  return response.data
}

module.exports = {
  key: 'add_activity',
  noun: 'Activity',
  display: {
    label: 'Add Activity to Lead',
    description: 'Records an engagement (an open, a click, a reply, a meeting...) on a lead, which is rescored.',
  },
  operation: {
    inputFields: [
      { key: 'lead_id', label: 'Lead ID', required: true, helpText: 'From a trigger or the Find Lead search.' },
      { key: 'type', label: 'Type', required: true, choices: TYPES },
      { key: 'direction', label: 'Direction', required: true, choices: ['inbound', 'outbound'], default: 'inbound' },
      { key: 'occurred_at', label: 'Occurred At', type: 'datetime', helpText: 'When it happened; now if empty.' },
      { key: 'metadata', label: 'Metadata', dict: true, helpText: 'Up to 20 keys, e.g. the campaign or page.' },
    ],
    perform,
    sample: {
      activity: {
        id: '44444444-4444-4444-8444-444444444444',
        lead_id: lead.id,
        type: 'reply',
        direction: 'inbound',
        occurred_at: '2026-11-26T12:00:00.000Z',
        metadata: null,
        created_at: '2026-11-26T12:00:00.000Z',
      },
      lead: { ...lead, status: 'working' },
    },
    outputFields: [
      { key: 'activity__id', label: 'Activity ID' },
      { key: 'lead__id', label: 'Lead ID' },
      { key: 'lead__status', label: 'Lead Status' },
      { key: 'lead__score__total', label: 'Score', type: 'number' },
    ],
  },
}
