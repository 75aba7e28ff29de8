// Trigger: a lead was created (event lead.created).
'use strict'

const { hookTrigger } = require('../lib/hook-trigger')
const { lead, leadFields } = require('../lib/samples')

module.exports = hookTrigger({
  key: 'new_lead',
  noun: 'Lead',
  label: 'New Lead',
  description: 'Triggers when a lead is created (by the API, an upsert, a batch or an import).',
  eventType: 'lead.created',
  sample: lead,
  dataFields: leadFields,
})
