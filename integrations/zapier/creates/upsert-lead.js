// Action: create the lead with this email, or update it (POST /v1/leads/upsert).
'use strict'

const { apiUrl } = require('../lib/api')
const { fields, leadBody } = require('../lib/lead-fields')
const { lead } = require('../lib/samples')

const perform = async (z, bundle) => {
  const response = await z.request({
    url: apiUrl(bundle, '/v1/leads/upsert'),
    method: 'POST',
    body: leadBody(bundle.inputData),
  })
  return response.data
}

module.exports = {
  key: 'upsert_lead',
  noun: 'Lead',
  display: {
    label: 'Create or Update Lead',
    description: 'Creates a lead, or updates the lead with the same email; the lead is scored either way.',
  },
  operation: {
    inputFields: fields,
    perform,
    sample: { result: 'created', lead },
    outputFields: [
      { key: 'result', label: 'Result (created, updated or unchanged)' },
      { key: 'lead__id', label: 'Lead ID' },
      { key: 'lead__status', label: 'Lead Status' },
      { key: 'lead__score__total', label: 'Score', type: 'number' },
      { key: 'lead__score__grade', label: 'Grade' },
    ],
  },
}
