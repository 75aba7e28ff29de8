// Trigger: an opportunity was won (event opportunity.won).
'use strict'

const { hookTrigger } = require('../lib/hook-trigger')
const { opportunity, opportunityFields } = require('../lib/samples')

module.exports = hookTrigger({
  key: 'opportunity_won',
  noun: 'Opportunity',
  label: 'Opportunity Won',
  description: 'Triggers when an opportunity moves to closed won.',
  eventType: 'opportunity.won',
  sample: opportunity,
  dataFields: opportunityFields,
})
