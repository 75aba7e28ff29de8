// One clock: what a use case stores (created_at, updated_at, ledger and event times) is the app's injected time,
// the same time scoring and time-in-state are computed against.
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead, NOW, replyFrom } from '../fixtures.js'

let now = NOW
const ctx = await buildTestApp(t, { WEBHOOK_ALLOW_LOOPBACK: true }, () => now)
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000)

t.test('stored times come from the injected clock, and time in state adds up from them', async (t) => {
  const lead = (await ctx.call('POST', '/v1/leads', { body: { ...exampleLead, email: 'clock@x.io' } })).json()
  t.equal(lead.created_at, NOW.toISOString())
  t.equal(lead.updated_at, NOW.toISOString())

  now = later(90)
  const engaged = await ctx.call('POST', `/v1/leads/${lead.id}/activities`, { body: replyFrom(3) })
  t.equal(engaged.json().lead.updated_at, now.toISOString())
  const engagedAt = now

  now = later(30)
  const history = (await ctx.call('GET', `/v1/leads/${lead.id}/history`)).json()
  t.same(
    history.data.map((e: { occurred_at: string; seconds_in_state: number }) => [e.occurred_at, e.seconds_in_state]),
    [
      [NOW.toISOString(), 90],
      [engagedAt.toISOString(), 30],
    ],
  )
  t.same(history.time_in_state, { new: 90, working: 30 })

  const events = (await ctx.call('GET', '/v1/events?limit=100')).json().data as { occurred_at: string }[]
  t.same([...new Set(events.map((e) => e.occurred_at))].sort(), [NOW.toISOString(), engagedAt.toISOString()])
})

t.test('configuration rows take the injected clock too', async (t) => {
  now = later(3600)
  const at = now.toISOString()
  const key = (await ctx.call('POST', '/v1/api-keys', { body: { name: 'clock', scopes: ['read'] } })).json()
  t.equal(key.created_at, at)
  const rubric = (await ctx.call('POST', '/v1/rubrics', { body: { template: 'champ' } })).json()
  t.equal(rubric.created_at, at)
  const mapping = await ctx.call('POST', '/v1/column-mappings', {
    body: { name: 'clock', definition: { columns: { Mail: 'email' } } },
  })
  t.equal(mapping.json().created_at, at)
  const hook = (
    await ctx.call('POST', '/v1/webhooks', { body: { target_url: 'http://127.0.0.1:9/hook', events: ['*'] } })
  ).json()
  t.same([hook.created_at, hook.updated_at], [at, at])

  now = later(60)
  const edited = await ctx.call('PATCH', `/v1/webhooks/${hook.id}`, { body: { description: 'later' } })
  t.same([edited.json().created_at, edited.json().updated_at], [at, now.toISOString()])
  t.equal((await ctx.call('DELETE', `/v1/api-keys/${key.id}`)).statusCode, 204)
  const keys = (await ctx.call('GET', '/v1/api-keys')).json().data as { id: string; revoked_at: string | null }[]
  t.equal(keys.find((k) => k.id === key.id)?.revoked_at, now.toISOString())
})
