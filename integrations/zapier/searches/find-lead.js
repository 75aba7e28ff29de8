// Search: the lead with this email (GET /v1/leads?email=), any letter case; none found is an empty result.
'use strict'

const { apiUrl } = require('../lib/api')
const { lead, leadFields } = require('../lib/samples')

const perform = async (z, bundle) => {
  const response = await z.request({
    url: apiUrl(bundle, '/v1/leads'),
    params: { email: bundle.inputData.email, limit: 1 },
  })
  return response.data.data
}

module.exports = {
  key: 'find_lead',
  noun: 'Lead',
  display: { label: 'Find Lead', description: 'Finds a lead by email.' },
  operation: {
    inputFields: [{ key: 'email', label: 'Email', required: true }],
    perform,
    sample: lead,
    outputFields: leadFields,
  },
}
