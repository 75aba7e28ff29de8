// The app definition: valid for the platform (what `zapier validate` checks locally), and in step with the API contract.
'use strict'

const assert = require('node:assert/strict')
const { readFileSync } = require('node:fs')
const { resolve } = require('node:path')
const { describe, it } = require('node:test')
const zapier = require('zapier-platform-core')
const App = require('../index')

const validate = async (app) => (await zapier.createAppHandler(app)({ command: 'validate' })).results

describe('platform validation', () => {
  it('passes', async () => {
    assert.deepEqual(await validate(App), [])
  })

  it('would catch a broken definition', async () => {
    const broken = { ...App, triggers: { ...App.triggers, new_lead: { ...App.triggers.new_lead, noun: undefined } } }
    assert.notDeepEqual(await validate(broken), [])
  })
})

describe('the committed OpenAPI document', () => {
  const document = JSON.parse(readFileSync(resolve(__dirname, '../../../openapi/openapi.json'), 'utf8'))
  const deref = (schema) =>
    schema?.$ref === undefined
      ? schema
      : deref(
          schema.$ref
            .split('/')
            .slice(1)
            .reduce((node, part) => node[part], document),
        )
  const requestBody = (path) => deref(document.paths[path].post.requestBody.content['application/json'].schema)
  const at = (schema, key) => key.split('__').reduce((node, part) => deref(deref(node).properties[part]), schema)

  // Zapier shows choices from the definition, so they are written out here; this keeps them equal to the API's enums.
  for (const [action, path] of [
    ['upsert_lead', '/v1/leads/upsert'],
    ['add_activity', '/v1/leads/{id}/activities'],
  ]) {
    it(`${action}: every field is a field of ${path}, every choice list is its enum`, () => {
      const body = requestBody(path)
      for (const field of App.creates[action].operation.inputFields.filter((f) => f.key !== 'lead_id')) {
        const property = at(body, field.key)
        assert.ok(property !== undefined, `${field.key} is in the request body`)
        if (field.choices !== undefined) assert.deepEqual(field.choices, property.enum, field.key)
      }
    })
  }
})
