// Webhook delivery end to end: signed events from the outbox reach a real receiver, with retries, 410, replay,
// crash recovery, per-record order, and two workers on one database.
import { sql } from 'drizzle-orm'
import t, { type Test as Tap } from 'tap'
import { openDatabase } from '../../src/db/client.js'
import { claimDue, deliverDue, type DeliveryOptions } from '../../src/services/webhooks/deliver.js'
import { SecretBox } from '../../src/services/webhooks/secret-box.js'
import { buildTestApp, TEST_SECRET_KEYS } from '../helper.js'
import { startReceiver, verifySignature } from './receiver.js'

const ctx = await buildTestApp(t, { WEBHOOK_ALLOW_LOOPBACK: true, RATE_LIMIT_MAX: 10_000 })
const db = ctx.database.db
// Retries after 0 s, so a test can run the whole schedule at once.
const options: DeliveryOptions = {
  timeoutMs: 2000,
  allowLoopback: true,
  secrets: SecretBox.fromList(TEST_SECRET_KEYS),
  schedule: [0, 0, 0],
  random: () => 0.5,
}
const drain = async (rounds = 10) => {
  for (let i = 0; i < rounds; i++) await deliverDue(db, options)
}

/** Subscribes for the length of one subtest, so no test sees another's deliveries. */
async function subscribe(t: Tap, url: string, events: string[] = ['*']) {
  const res = await ctx.call('POST', '/v1/webhooks', { body: { target_url: url, events, description: 'test' } })
  t.equal(res.statusCode, 201)
  const hook = res.json() as { id: string; secret: string }
  t.teardown(() => ctx.call('DELETE', `/v1/webhooks/${hook.id}`))
  return hook
}
const newLead = async (email: string) => (await ctx.call('POST', '/v1/leads', { body: { email } })).json()
const deliveries = async (hookId: string) =>
  (await ctx.call('GET', `/v1/webhooks/${hookId}/deliveries?limit=100`)).json().data

t.test('events arrive signed, with the documented body, verified independently', async (t) => {
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  const hook = await subscribe(t, receiver.url, ['lead.created'])
  t.match(hook.secret, /^whsec_[A-Za-z0-9+/]{43}=$/)
  const lead = await newLead('signed@acme.io')
  await drain(2)
  t.equal(receiver.received.length, 1)
  const got = receiver.received[0]!
  t.ok(verifySignature(hook.secret, got.headers, got.body, Math.floor(Date.now() / 1000)), 'the signature verifies')
  t.notOk(
    verifySignature(hook.secret, got.headers, got.body.replace('signed', 'forged'), Math.floor(Date.now() / 1000)),
    'a changed body does not',
  )
  const body = JSON.parse(got.body)
  t.equal(body.type, 'lead.created')
  t.equal(body.data.id, lead.id)
  t.ok(body.timestamp)
  const sample = (await ctx.call('GET', '/v1/webhooks/samples/lead.created')).json()
  t.same(Object.keys(sample).sort(), Object.keys(body).sort(), 'the sample has the delivered shape')
  t.same(
    Object.keys(body.data).filter((k) => !(k in sample.data)),
    [],
    'every delivered lead field is in the sample',
  )
})

t.test('an import queues one delivery per event to the subscribers of its type only', async (t) => {
  const created = await subscribe(t, 'http://127.0.0.1:9/created', ['lead.created'])
  const updated = await subscribe(t, 'http://127.0.0.1:9/updated', ['lead.updated'])
  const rows = ['one', 'two', 'three'].map((name) => JSON.stringify({ email: `${name}@queued.io` }))
  const res = await ctx.call('POST', '/v1/leads/import', {
    headers: { 'content-type': 'application/x-ndjson' },
    body: rows.join('\n'),
  })
  t.equal(res.statusCode, 200, res.body)
  const events = (await ctx.call('GET', '/v1/events?type=lead.created&limit=3')).json().data as { id: string }[]
  const queued = (await deliveries(created.id)) as { event_id: string; event_type: string; status: string }[]
  t.same(queued.map((d) => d.event_id).sort(), events.map((e) => e.id).sort(), "one delivery for each lead's event")
  t.ok(queued.every((d) => d.event_type === 'lead.created' && d.status === 'pending'))
  t.same(await deliveries(updated.id), [], 'none for a subscriber of another type')
})

t.test(
  'fails twice, then succeeds: one more attempt after each failure, then it stops; same webhook-id each time',
  async (t) => {
    const receiver = await startReceiver()
    t.teardown(receiver.close)
    receiver.script = [500, 503]
    const hook = await subscribe(t, receiver.url, ['lead.created'])
    await newLead('flaky@acme.io')
    await drain()
    t.same(
      receiver.received.map((r) => r.answered),
      [500, 503, 200],
    )
    t.equal(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size, 1)
    const [delivery] = await deliveries(hook.id)
    t.match(delivery, { status: 'succeeded', attempts: 3, last_status_code: 200 })
  },
)

t.test('after the last retry the delivery fails; a replay sends it again', async (t) => {
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  receiver.script = [500, 500, 500, 500]
  const hook = await subscribe(t, receiver.url, ['lead.created'])
  await newLead('doomed@acme.io')
  await drain()
  t.equal(receiver.received.length, 4, 'the first try and three retries')
  const [failed] = await deliveries(hook.id)
  t.match(failed, { status: 'failed', attempts: 4, last_status_code: 500, next_attempt_at: null })
  const replay = await ctx.call('POST', `/v1/webhooks/${hook.id}/deliveries/${failed.id}/retry`)
  t.equal(replay.statusCode, 200)
  await drain(2)
  t.equal(receiver.received.length, 5)
  t.equal((await deliveries(hook.id))[0].status, 'succeeded')
})

t.test('410 Gone disables the subscription', async (t) => {
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  receiver.script = [410]
  const hook = await subscribe(t, receiver.url, ['lead.created'])
  await newLead('gone1@acme.io')
  await drain()
  const state = (await ctx.call('GET', `/v1/webhooks/${hook.id}`)).json()
  t.match(state, { enabled: false, disabled_reason: /410/ })
  await newLead('gone2@acme.io')
  await drain()
  t.equal(receiver.received.length, 1, 'nothing more is sent')
})

t.test('Retry-After on 429 is honoured', async (t) => {
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  receiver.script = [429]
  receiver.extraHeaders = { 'retry-after': '120' }
  const hook = await subscribe(t, receiver.url, ['lead.created'])
  await newLead('busy@acme.io')
  await drain(3)
  t.equal(receiver.received.length, 1, 'not retried before Retry-After')
  const [pending] = await deliveries(hook.id)
  const waitSeconds = (Date.parse(pending.next_attempt_at) - Date.now()) / 1000
  t.ok(waitSeconds > 100 && waitSeconds <= 121, `next attempt in ${waitSeconds} s`)
})

t.test(
  'a worker that dies between claim and send: the delivery is sent after the claim expires, never lost',
  async (t) => {
    const receiver = await startReceiver()
    t.teardown(receiver.close)
    await subscribe(t, receiver.url, ['lead.created'])
    await newLead('crash@acme.io')
    const claimed = await claimDue(db, 10, 60)
    t.equal(claimed.length, 1, 'claimed, then the worker "dies"')
    await drain(2)
    t.equal(receiver.received.length, 0, 'nobody else takes it while the claim holds')
    await db.execute(
      sql`update webhook_deliveries set locked_until = now() - interval '1 second' where id = ${claimed[0]!.id}`,
    )
    await drain(2)
    t.equal(receiver.received.length, 1, 'redelivered once the claim expired')
  },
)

t.test("a record's events reach a subscriber in order even when the first needs retries", async (t) => {
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  receiver.script = [500]
  await subscribe(t, receiver.url, ['lead.created', 'lead.updated'])
  const lead = await newLead('order@acme.io')
  await ctx.call('PATCH', `/v1/leads/${lead.id}`, { body: { title: 'CTO' } })
  await drain()
  t.same(
    receiver.received.map((r) => JSON.parse(r.body).type),
    ['lead.created', 'lead.created', 'lead.updated'],
  )
})

t.test('unsubscribe is idempotent and stops deliveries; rotate-secret signs with the new secret', async (t) => {
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  const hook = await subscribe(t, receiver.url, ['lead.created'])
  const rotated = (await ctx.call('POST', `/v1/webhooks/${hook.id}/rotate-secret`)).json()
  t.not(rotated.secret, hook.secret)
  await newLead('rotated@acme.io')
  await drain(2)
  t.ok(
    verifySignature(
      rotated.secret,
      receiver.received[0]!.headers,
      receiver.received[0]!.body,
      Math.floor(Date.now() / 1000),
    ),
  )
  t.equal((await ctx.call('DELETE', `/v1/webhooks/${hook.id}`)).statusCode, 204)
  t.equal((await ctx.call('DELETE', `/v1/webhooks/${hook.id}`)).statusCode, 404, 'gone is 404, like any unknown id')
  await newLead('after@acme.io')
  await drain(2)
  t.equal(receiver.received.length, 1)
  t.equal((await ctx.call('GET', `/v1/webhooks/${hook.id}`)).statusCode, 404)
})

t.test('two workers on one database deliver each event to each subscription once', async (t) => {
  const receivers = [await startReceiver(), await startReceiver()]
  t.teardown(() => Promise.all(receivers.map((r) => r.close())))
  for (const r of receivers) await subscribe(t, r.url, ['lead.created'])
  for (let i = 0; i < 30; i++) await newLead(`pair${i}@acme.io`)
  // A second connection to the same database, as a second service instance would have.
  const second = ctx.database.url === undefined ? ctx.database : await openDatabase({ DATABASE_URL: ctx.database.url })
  if (second !== ctx.database) t.teardown(() => second.close())
  const work = async (database: typeof db) => {
    for (let i = 0; i < 10; i++) await deliverDue(database, { ...options, batchSize: 5 })
  }
  await Promise.all([work(db), work(second.db)])
  for (const r of receivers) {
    const ids = r.received.map((x) => x.headers['webhook-id'])
    t.equal(ids.length, 30, 'every event delivered')
    t.equal(new Set(ids).size, 30, 'none twice')
  }
})
