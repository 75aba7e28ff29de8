// Rows sent together as one JSON document (imports, batches), their json columns as an array of documents beside it:
// sent as bytes, text outside ASCII is stored whole on both drivers, in json columns (the ledger, the events) and
// through jsonb (leads) alike. Called
// directly: through an import, a refused batch would be written again row by row and hide the fault.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { orderedId } from '../../src/db/ordered-id.js'
import { appendEvents, insertTransitions } from '../../src/db/repositories/ledger-batch.js'
import { insertLeadsIfNew } from '../../src/db/repositories/leads.js'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const db = ctx.database.db
const names = ['Zoë', 'Łukasz', '東京', 'Ōsaka 🚀', 'plain']
const rows = async <R>(query: ReturnType<typeof sql>) => (await db.execute(query)).rows as R[]

t.test('a batch of leads with text outside ASCII', async (t) => {
  const now = new Date()
  const leads = names.map((name, i) => ({
    id: orderedId(),
    workspaceId: ctx.workspaceId,
    email: `utf-${i}@acme.io`,
    firstName: name,
    ...(name === 'plain' ? {} : { company: { name: `${name} GmbH` } }),
    status: 'new',
  }))
  t.equal((await insertLeadsIfNew(db, leads, now)).length, names.length)
  const back = await rows<{ first_name: string; company: { name: string } | null }>(
    sql`select first_name, company from leads where email like 'utf-%' order by email`,
  )
  t.same(
    back.map((r) => [r.first_name, r.company?.name ?? null]),
    names.map((name) => [name, name === 'plain' ? null : `${name} GmbH`]),
  )
})

t.test('ledger rows and events with text outside ASCII', async (t) => {
  // Stored documents must keep their schemas (the helper checks at the end): a real lead's view and evaluation.
  const created = await ctx.call('POST', '/v1/leads', { body: { email: 'utf@acme.io', first_name: names[2] } })
  const lead = created.json()
  const { evaluation } = (await ctx.call('GET', `/v1/leads/${lead.id}/history`)).json().data[0]
  await insertTransitions(
    db,
    names.map((reason) => ({
      id: orderedId(),
      workspaceId: ctx.workspaceId,
      entityType: 'lead',
      entityId: lead.id,
      action: 'nurture',
      toState: 'nurturing',
      reason,
      // A document of some rows only: the others store null, not the document of a neighbour.
      evaluation: reason === 'plain' ? undefined : evaluation,
    })),
  )
  const ledger = await rows<{ reason: string; evaluation: unknown }>(
    sql`select reason, evaluation from transitions where entity_id = ${lead.id} and action = 'nurture' order by seq`,
  )
  t.same(
    ledger.map((r) => [r.reason, r.evaluation]),
    names.map((name) => [name, name === 'plain' ? null : evaluation]),
  )
  const list = names.map((name) => ({
    type: 'lead.updated',
    entityType: 'lead',
    entityId: lead.id,
    payload: { ...lead, first_name: name },
  }))
  await appendEvents(db, ctx.workspaceId, list, new Date())
  const events = await rows<{ payload: { first_name: string } }>(
    sql`select payload from events where entity_id = ${lead.id} and type = 'lead.updated' order by seq`,
  )
  t.same(
    events.map((e) => e.payload.first_name),
    names,
  )
})
