// Creations that arrive together share one statement: each still gets its own lead, ledger row and event, exactly as
// alone, and a taken email (also one taken within the same statement) is still a 409 with the existing id.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { exampleLead } from '../fixtures.js'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const rows = async <R>(query: ReturnType<typeof sql>) => (await ctx.database.db.execute(query)).rows as R[]

t.test('concurrent creations each get their lead, ledger row and event', async (t) => {
  const emails = Array.from({ length: 12 }, (_, i) => `batch-${i}@acme.io`)
  const answers = await Promise.all(
    [...emails, emails[0]!, emails[1]!].map((email) =>
      ctx.call('POST', '/v1/leads', { body: { ...exampleLead, email } }),
    ),
  )
  const created = answers.filter((a) => a.statusCode === 201).map((a) => a.json())
  const taken = answers.filter((a) => a.statusCode === 409).map((a) => a.json())
  t.equal(created.length, 12, 'one lead per email')
  t.equal(taken.length, 2, 'the repeated emails are told they are taken')
  const byEmail = new Map(created.map((lead) => [lead.email, lead]))
  for (const problem of taken) t.ok([...byEmail.values()].some((lead) => lead.id === problem.existing_id))
  for (const lead of created) {
    const read = (await ctx.call('GET', `/v1/leads/${lead.id}`)).json()
    t.same(lead, read, 'the answer is the stored lead')
    const events = await rows<{ type: string; payload: unknown }>(
      sql`select type, payload from events where entity_id = ${lead.id}`,
    )
    t.same(
      events.map((e) => e.type),
      ['lead.created'],
    )
    t.same(events[0]!.payload, read, "the event carries the lead's view")
    const ledger = await rows<{ action: string; to_state: string; evaluation: { total: number } }>(
      sql`select action, to_state, evaluation from transitions where entity_id = ${lead.id}`,
    )
    t.equal(ledger.length, 1)
    t.match(ledger[0], { action: 'create', to_state: lead.status, evaluation: { total: lead.score.total } })
  }
})
