// The Zapier app definition of the Qualify API.
'use strict'

const { version } = require('./package.json')
const { version: platformVersion } = require('zapier-platform-core')
const { addApiKey, throwForProblem } = require('./lib/api')
const authentication = require('./lib/authentication')
const newLead = require('./triggers/new-lead')
const leadQualified = require('./triggers/lead-qualified')
const opportunityWon = require('./triggers/opportunity-won')
const upsertLead = require('./creates/upsert-lead')
const addActivity = require('./creates/add-activity')
const qualifyLead = require('./creates/qualify-lead')
const findLead = require('./searches/find-lead')

const byKey = (...definitions) => Object.fromEntries(definitions.map((d) => [d.key, d]))

module.exports = {
  version,
  platformVersion,
  authentication,
  beforeRequest: [addApiKey],
  afterResponse: [throwForProblem],
  triggers: byKey(newLead, leadQualified, opportunityWon),
  creates: byKey(upsertLead, addActivity, qualifyLead),
  searches: byKey(findLead),
}
