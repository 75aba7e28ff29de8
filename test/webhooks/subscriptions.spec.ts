// Subscription management over HTTP: create, list, read, change, samples, validation, isolation.
import t from 'tap'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t, { WEBHOOK_ALLOW_LOOPBACK: true })
const { call } = ctx

t.test('create, list, read, change, re-enable', async (t) => {
  const created = await call('POST', '/v1/webhooks', {
    body: { target_url: 'http://127.0.0.1:9/hook', events: ['lead.qualified', 'opportunity.won'], description: 'zap' },
  })
  t.equal(created.statusCode, 201)
  const hook = created.json()
  t.match(hook, { enabled: true, events: ['lead.qualified', 'opportunity.won'], description: 'zap' })
  t.equal((await call('GET', '/v1/webhooks')).json().data.length, 1)
  const read = (await call('GET', `/v1/webhooks/${hook.id}`)).json()
  t.notOk('secret' in read, 'the secret is shown only at creation')
  const patched = await call('PATCH', `/v1/webhooks/${hook.id}`, { body: { events: ['*'], enabled: false } })
  t.match(patched.json(), { events: ['*'], enabled: false })
  t.match((await call('PATCH', `/v1/webhooks/${hook.id}`, { body: { enabled: true } })).json(), {
    enabled: true,
    disabled_reason: null,
  })
})

t.test('bad subscriptions are 400 with the field', async (t) => {
  const unknownEvent = await call('POST', '/v1/webhooks', {
    body: { target_url: 'http://127.0.0.1:9/h', events: ['lead.exploded'] },
  })
  t.equal(unknownEvent.statusCode, 400)
  t.match(unknownEvent.json().errors, [{ pointer: '/events/0' }])
  t.equal((await call('POST', '/v1/webhooks', { body: { target_url: 'not a url', events: ['*'] } })).statusCode, 400)
  t.equal(
    (await call('POST', '/v1/webhooks', { body: { target_url: 'http://127.0.0.1:9/h', events: [] } })).statusCode,
    400,
  )
})

t.test('a sample for every event type, and 400 for an unknown one', async (t) => {
  const doc = (await call('GET', '/openapi.json', { key: null })).json()
  const types: string[] = doc.paths['/v1/webhooks/samples/{type}'].get.parameters[0].schema.enum
  t.ok(types.includes('lead.qualified') && types.includes('opportunity.stage_changed'))
  for (const type of types) {
    const res = await call('GET', `/v1/webhooks/samples/${type}`)
    t.equal(res.statusCode, 200, type)
    t.equal(res.json().type, type)
  }
  t.equal((await call('GET', '/v1/webhooks/samples/lead.exploded')).statusCode, 400)
})

t.test('another workspace cannot see or touch a subscription', async (t) => {
  const hook = (
    await call('POST', '/v1/webhooks', { body: { target_url: 'http://127.0.0.1:9/p', events: ['*'] } })
  ).json()
  const other = await ctx.newWorkspace('Other')
  t.equal((await call('GET', `/v1/webhooks/${hook.id}`, { key: other.adminKey })).statusCode, 404)
  t.equal((await call('POST', `/v1/webhooks/${hook.id}/rotate-secret`, { key: other.adminKey })).statusCode, 404)
  t.equal((await call('GET', `/v1/webhooks/${hook.id}/deliveries`, { key: other.adminKey })).statusCode, 404)
  t.same((await call('GET', '/v1/webhooks', { key: other.adminKey })).json().data, [])
})
