// REST-hook triggers end to end: subscribe through the app, receive the service's real signed delivery, run perform.
'use strict'

const assert = require('node:assert/strict')
const { after, before, describe, it } = require('node:test')
const zapier = require('zapier-platform-core')
const App = require('../index')
const { newestFirstOnce } = require('../lib/hook-trigger')
const { asZapierRawRequest, startReceiver } = require('./receiver')
const { startService } = require('./service')

const appTester = zapier.createAppTester(App)
let service
let receiver
let authData

before(async () => {
  ;[service, receiver] = await Promise.all([startService(), startReceiver()])
  authData = { base_url: service.url, api_key: service.apiKey }
})
after(async () => {
  await receiver?.close()
  await service?.stop()
})

const op = (key) => App.triggers[key].operation
const subscribe = (key) => appTester(op(key).performSubscribe, { authData, targetUrl: receiver.url })
const hookBundle = (subscribeData, delivery) => ({
  authData,
  subscribeData,
  targetUrl: receiver.url,
  rawRequest: asZapierRawRequest(delivery),
  cleanedRequest: JSON.parse(delivery.content),
})
const delivered = (type, test) =>
  receiver.next((d) => {
    const body = JSON.parse(d.content)
    return body.type === type && test(body.data)
  })
const createLead = async (email) => {
  const { status, body } = await service.call('POST', '/v1/leads', { email, need: { level: 'high' } })
  assert.equal(status, 201)
  return body
}

describe('new lead', () => {
  let subscription

  it('subscribes a webhook to lead.created only, at the target Zapier gives', async () => {
    subscription = await subscribe('new_lead')
    assert.deepEqual(subscription.events, ['lead.created'])
    assert.equal(subscription.target_url, receiver.url)
    assert.match(subscription.secret, /^whsec_/)
  })

  it('accepts the signed delivery and gives the event as the polling fallback gives it', async () => {
    const lead = await createLead('zap-hook@example.org')
    const delivery = await delivered('lead.created', (data) => data.id === lead.id)
    const items = await appTester(op('new_lead').perform, hookBundle(subscription, delivery))
    assert.equal(items.length, 1)
    assert.equal(items[0].id, delivery.headers['webhook-id'])
    assert.equal(items[0].type, 'lead.created')
    assert.equal(items[0].data.email, 'zap-hook@example.org')

    const polled = await appTester(op('new_lead').performList, { authData })
    assert.deepEqual(
      polled.find((p) => p.id === items[0].id),
      items[0],
      'hook and polling give the same item',
    )
  })

  it('refuses a delivery whose body was changed, or signed with another secret, or lacking a signature', async () => {
    const lead = await createLead('zap-tamper@example.org')
    const delivery = await delivered('lead.created', (data) => data.id === lead.id)
    const tampered = { ...delivery, content: delivery.content.replace('zap-tamper@', 'attacker@') }
    assert.notEqual(tampered.content, delivery.content)
    const refused = { name: 'AppError', message: /"code":"INVALID_SIGNATURE"/ }
    await assert.rejects(appTester(op('new_lead').perform, hookBundle(subscription, tampered)), refused)

    const other = await subscribe('new_lead')
    await assert.rejects(appTester(op('new_lead').perform, hookBundle(other, delivery)), refused)
    await appTester(op('new_lead').performUnsubscribe, { authData, subscribeData: other })

    const unsigned = { ...delivery, headers: { ...delivery.headers, 'webhook-signature': undefined } }
    delete unsigned.headers['webhook-signature']
    await assert.rejects(appTester(op('new_lead').perform, hookBundle(subscription, unsigned)), refused)
  })

  it('passes over a verified delivery of another event type, should the subscription have been widened', async () => {
    const everything = await service.call('POST', '/v1/webhooks', { target_url: receiver.url, events: ['*'] })
    assert.equal(everything.status, 201)
    const lead = await createLead('zap-widened@example.org')
    await service.call('PATCH', `/v1/leads/${lead.id}`, { first_name: 'Widened' })
    const updated = await delivered('lead.updated', (data) => data.id === lead.id)
    assert.deepEqual(await appTester(op('new_lead').perform, hookBundle(everything.body, updated)), [])
    assert.equal((await service.call('DELETE', `/v1/webhooks/${everything.body.id}`)).status, 204)
  })

  it('polls newest first, each event once, only lead.created', async () => {
    const leads = []
    for (const n of [1, 2, 3]) leads.push(await createLead(`zap-poll-${n}@example.org`))
    await service.call('PATCH', `/v1/leads/${leads[0].id}`, { first_name: 'Edited' })
    const polled = await appTester(op('new_lead').performList, { authData })
    assert.deepEqual(
      polled.slice(0, 3).map((p) => p.data.id),
      leads.map((l) => l.id).reverse(),
    )
    assert.equal(new Set(polled.map((p) => p.id)).size, polled.length, 'no event twice')
    assert.ok(polled.every((p) => p.type === 'lead.created'))
  })

  it('unsubscribes, and treats an already deleted subscription as unsubscribed', async () => {
    await appTester(op('new_lead').performUnsubscribe, { authData, subscribeData: subscription })
    assert.equal((await service.call('GET', `/v1/webhooks/${subscription.id}`)).status, 404)
    await appTester(op('new_lead').performUnsubscribe, { authData, subscribeData: subscription })
  })
})

describe('lead qualified and opportunity won', () => {
  it('deliver the qualified lead, then the won opportunity, each verified', async () => {
    const qualified = await subscribe('lead_qualified')
    const won = await subscribe('opportunity_won')
    assert.deepEqual(qualified.events, ['lead.qualified'])
    assert.deepEqual(won.events, ['opportunity.won'])

    const lead = await createLead('zap-won@example.org')
    const admitted = await service.call('POST', `/v1/leads/${lead.id}/qualify`, {
      override: { reason: 'referred by their CEO' },
    })
    assert.equal(admitted.status, 200)
    const qualifiedDelivery = await delivered('lead.qualified', (data) => data.id === lead.id)
    const [qualifiedItem] = await appTester(op('lead_qualified').perform, hookBundle(qualified, qualifiedDelivery))
    assert.equal(qualifiedItem.data.status, 'qualified')

    const prospect = admitted.body.prospect.id
    await service.call('POST', `/v1/prospects/${prospect}/stakeholders`, { name: 'Ana', role: 'economic_buyer' })
    const converted = await service.call('POST', `/v1/prospects/${prospect}/convert`, {
      name: 'Zap rollout',
      amount: '1000.00',
      currency: 'EUR',
    })
    assert.equal(converted.status, 200, JSON.stringify(converted.body))
    const opportunity = converted.body.opportunity.id
    assert.equal((await service.call('POST', `/v1/opportunities/${opportunity}/win`, {})).status, 200)
    const wonDelivery = await delivered('opportunity.won', (data) => data.id === opportunity)
    const [wonItem] = await appTester(op('opportunity_won').perform, hookBundle(won, wonDelivery))
    assert.equal(wonItem.data.stage, 'closed_won')

    for (const [key, item] of [
      ['lead_qualified', qualifiedItem],
      ['opportunity_won', wonItem],
    ]) {
      const polled = await appTester(op(key).performList, { authData })
      assert.deepEqual(polled[0], item, `${key}: the newest polled event is the one delivered`)
      await appTester(op(key).performUnsubscribe, {
        authData,
        subscribeData: key === 'lead_qualified' ? qualified : won,
      })
    }
  })
})

describe('samples', () => {
  it('have the shape of the service own samples and of real items', async () => {
    for (const key of Object.keys(App.triggers)) {
      const { sample } = op(key)
      const served = await service.call('GET', `/v1/webhooks/samples/${sample.type}`)
      assert.equal(served.status, 200)
      assert.deepEqual(Object.keys(sample).sort(), ['data', 'id', 'occurred_at', 'type'])
      assert.deepEqual(Object.keys(sample.data).sort(), Object.keys(served.body.data).sort(), key)
    }
  })
})

describe('polling order', () => {
  it('keeps one of each event and puts the newest first, whatever the pages held', () => {
    const e = (id, seq) => ({ id, seq })
    assert.deepEqual(newestFirstOnce([e('a', 1), e('c', 3), e('b', 2), e('c', 3), e('a', 1)]), [
      e('c', 3),
      e('b', 2),
      e('a', 1),
    ])
  })
})
