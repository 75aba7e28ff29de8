// The connection test and the lead actions, through the platform's appTester against the running service.
'use strict'

const assert = require('node:assert/strict')
const { after, before, describe, it } = require('node:test')
const zapier = require('zapier-platform-core')
const App = require('../index')
const { startService } = require('./service')

const appTester = zapier.createAppTester(App)
let service
let authData

before(async () => {
  service = await startService()
  authData = { base_url: service.url, api_key: service.apiKey }
})
after(() => service?.stop())

describe('authentication', () => {
  it('tests the key against GET /v1/me and labels the connection with the workspace and key prefix', async () => {
    const me = await appTester(App.authentication.test, { authData })
    assert.equal(typeof me.workspace.name, 'string')
    assert.ok(me.key.scopes.includes('admin'))
    const label = await appTester(App.authentication.connectionLabel, { authData, inputData: me })
    assert.equal(label, `${me.workspace.name} (key ${me.key.prefix}…)`)
  })

  it('refuses a bad key with the service own words, as an expired connection', async () => {
    await assert.rejects(appTester(App.authentication.test, { authData: { ...authData, api_key: 'not-a-key' } }), {
      name: 'ExpiredAuthError',
      message: /^the API key is unknown or revoked/,
    })
  })
})

describe('create or update lead', () => {
  const upsert = (inputData) => appTester(App.creates.upsert_lead.operation.perform, { authData, inputData })

  it('creates the lead, then updates the same lead found by email in another letter case', async () => {
    const created = await upsert({
      email: 'zap-upsert@example.org',
      first_name: 'Zed',
      seniority: 'vp',
      company__name: 'Zapco',
      company__employee_count: '250',
      need__pain_points: ['manual routing'],
      budget__status: '',
    })
    assert.equal(created.result, 'created')
    assert.equal(created.lead.first_name, 'Zed')
    assert.deepEqual(created.lead.company, { name: 'Zapco', employee_count: 250 })
    assert.deepEqual(created.lead.need, { pain_points: ['manual routing'] })

    const updated = await upsert({ email: 'ZAP-UPSERT@example.org', owner: 'sam' })
    assert.equal(updated.result, 'updated')
    assert.equal(updated.lead.id, created.lead.id)
    assert.equal(updated.lead.owner, 'sam')
  })

  it('says which field is wrong when the service refuses the input', async () => {
    await assert.rejects(upsert({ email: 'bad-country@example.org', company__country: 'Germany' }), (error) => {
      const { message, code, status } = JSON.parse(error.message)
      assert.equal(status, 400)
      assert.equal(code, 'VALIDATION_FAILED')
      assert.match(message, /\/company\/country/)
      return true
    })
  })
})

// Facts the default BANT + fit rubric qualifies once the lead has replied (the README's funnel example).
const qualifiable = (email) => ({
  email,
  first_name: 'Ana',
  title: 'VP Operations',
  seniority: 'vp',
  decision_role: 'decision_maker',
  source: 'webinar',
  company__name: 'Acme',
  company__domain: 'acme.io',
  company__industry: 'software',
  company__employee_count: 250,
  company__annual_revenue: '40000000',
  company__country: 'DE',
  budget__status: 'allocated',
  budget__amount: '50000.00',
  budget__currency: 'EUR',
  need__level: 'high',
  need__pain_points: ['manual lead routing'],
  timeline__horizon: 'quarter',
})

describe('add activity and qualify lead', () => {
  const run = (key, inputData) => appTester(App.creates[key].operation.perform, { authData, inputData })

  it('records an activity, then qualifies the lead into a prospect', async () => {
    const { lead } = await run('upsert_lead', qualifiable('zap-qualify@example.org'))
    const recorded = await run('add_activity', {
      lead_id: lead.id,
      type: 'reply',
      direction: 'inbound',
      metadata: { campaign: 'zapier' },
    })
    assert.equal(recorded.activity.lead_id, lead.id)
    assert.deepEqual(recorded.activity.metadata, { campaign: 'zapier' })
    assert.ok(Math.abs(Date.parse(recorded.activity.occurred_at) - Date.now()) < 60_000, 'an empty time means now')
    assert.equal(recorded.lead.status, 'working')

    const qualified = await run('qualify_lead', { lead_id: lead.id })
    assert.equal(qualified.lead.status, 'qualified')
    assert.equal(qualified.prospect.lead_id, lead.id)
    assert.equal(qualified.qualification.decision, 'qualified')

    await assert.rejects(run('qualify_lead', { lead_id: lead.id }), (error) => {
      const { message, status } = JSON.parse(error.message)
      assert.equal(status, 409)
      assert.match(message, /qualified/, 'the service detail, not a raw answer')
      assert.doesNotMatch(message, /[{}]/)
      return true
    })
  })

  it('fails a lead the rubric refuses with every blocking reason in one readable message', async () => {
    const { lead } = await run('upsert_lead', { email: 'zap-bare@example.org' })
    const refusal = await service.call('POST', `/v1/leads/${lead.id}/qualify?dry_run=true`, {})
    assert.equal(refusal.status, 422)
    assert.ok(refusal.body.blocking.length > 0)

    await assert.rejects(run('qualify_lead', { lead_id: lead.id }), (error) => {
      const { message, code, status } = JSON.parse(error.message)
      assert.equal(status, 422)
      assert.equal(code, 'QUALIFICATION_BLOCKED')
      const { total, grade } = refusal.body.evaluation
      assert.ok(message.startsWith(`The lead cannot be qualified (score ${total}, grade ${grade}): `), message)
      for (const blocking of refusal.body.blocking) assert.ok(message.includes(blocking.detail), blocking.detail)
      return true
    })
  })

  it('says so when the lead does not exist', async () => {
    await assert.rejects(
      run('add_activity', { lead_id: '00000000-0000-4000-8000-000000000000', type: 'reply', direction: 'inbound' }),
      (error) => JSON.parse(error.message).status === 404,
    )
  })
})

describe('find lead', () => {
  const find = (email) => appTester(App.searches.find_lead.operation.perform, { authData, inputData: { email } })

  it('finds the lead by email in any letter case', async () => {
    const { lead } = await appTester(App.creates.upsert_lead.operation.perform, {
      authData,
      inputData: { email: 'zap-find@example.org' },
    })
    const found = await find('Zap-Find@Example.org')
    assert.deepEqual(
      found.map((l) => l.id),
      [lead.id],
    )
  })

  it('answers an empty list, not an error, when no lead has the email', async () => {
    assert.deepEqual(await find('nobody-here@example.org'), [])
  })
})
