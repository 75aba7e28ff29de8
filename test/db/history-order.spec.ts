// A record's history is in the order its transitions committed, not in the order their transactions started: two
// requests racing on one lead may start in one order and take the lead's lock in the other. Only PostgreSQL runs
// them at once (on PGlite they hold trivially); there, ordering by time fails the race below within a few rounds.
import t from 'tap'
import { exampleLead, NOW, replyFrom } from '../fixtures.js'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t, { RATE_LIMIT_MAX: 10_000 }, () => NOW)
const post = (url: string, body: unknown) => ctx.call('POST', url, { body })

async function workingLead(email: string): Promise<string> {
  const lead = (await post('/v1/leads', { ...exampleLead, email })).json()
  await post(`/v1/leads/${lead.id}/activities`, replyFrom(2))
  return lead.id
}

async function lastEntry(id: string) {
  const [lead, history] = await Promise.all([
    ctx.call('GET', `/v1/leads/${id}`),
    ctx.call('GET', `/v1/leads/${id}/history`),
  ])
  const tos = history.json().data.map((e: { to: string }) => e.to) as string[]
  return { status: lead.json().status as string, tos }
}

t.test('transitions made one after another list in that order', async (t) => {
  const id = await workingLead('chain@acme.io')
  for (const action of ['nurture', 'disqualify', 'reopen'])
    t.equal((await post(`/v1/leads/${id}/${action}`, { reason: 'test' })).statusCode, 200, action)
  const { status, tos } = await lastEntry(id)
  t.same(tos.slice(-3), ['nurturing', 'disqualified', 'working'])
  t.equal(tos.at(-1), status, 'the last entry is where the lead is')
})

t.test('racing transitions: the last history entry is the state the lead ended in', async (t) => {
  for (let i = 0; i < 15; i++) {
    const id = await workingLead(`race${i}@acme.io`)
    const answers = await Promise.all([
      post(`/v1/leads/${id}/nurture`, { reason: 'race' }),
      post(`/v1/leads/${id}/disqualify`, { reason: 'race' }),
    ])
    const applied = answers.filter((a) => a.statusCode === 200).length
    const { status, tos } = await lastEntry(id)
    t.equal(tos.at(-1), status, `race ${i}: ${tos.join(' > ')} ends where the lead is (${status})`)
    t.equal(tos.length, 2 + applied, `race ${i}: one entry per applied transition`)
  }
})
