// Trigger: a lead was qualified into a prospect (event lead.qualified).
'use strict'

const { hookTrigger } = require('../lib/hook-trigger')
const { lead, leadFields } = require('../lib/samples')

module.exports = hookTrigger({
  key: 'lead_qualified',
  noun: 'Lead',
  label: 'Lead Qualified',
  description: 'Triggers when a lead qualifies and becomes a prospect (by the rubric or an admin override).',
  eventType: 'lead.qualified',
  sample: { ...lead, status: 'qualified', version: 3 },
  dataFields: leadFields,
})
