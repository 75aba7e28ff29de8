// The check every test app runs at teardown (test/event-check.ts) finds events and evaluations off the document,
// and the webhook samples of every type match the same per-type schemas.
import t from 'tap'
import { appendEvent } from '../../src/db/repositories/ledger.js'
import { EVENT_TYPES } from '../../src/qualification/lifecycle.js'
import { makeAjv } from '../../src/schemas/ajv.js'
import { EVENT_DATA, EventDelivery } from '../../src/schemas/events.js'
import { sampleDelivery } from '../../src/services/webhooks/samples.js'
import { createWorkspace } from '../../src/services/workspaces/create-workspace.js'
import { closed, storedMismatches } from '../event-check.js'
import { freshDatabase } from '../helper.js'

const database = await freshDatabase(t)
const { workspace } = await database.db.transaction((tx) => createWorkspace(tx, 'check'))
const lead = sampleDelivery('lead.updated').data

const append = (type: string, entityType: string, payload: Record<string, unknown>) =>
  appendEvent(database.db, workspace.id, {
    type,
    entityType,
    entityId: crypto.randomUUID(),
    occurredAt: new Date(),
    payload,
  })

t.test('a stored event of a known type with its documented data passes', async (t) => {
  await append('lead.updated', 'lead', lead)
  t.same(await storedMismatches(database.db), [])
})

t.test('undeclared fields, missing fields, a wrong entity and unknown types are each reported', async (t) => {
  await append('lead.created', 'lead', { ...lead, unexpected: 1 })
  const { status: _status, ...withoutStatus } = lead as Record<string, unknown>
  await append('lead.qualified', 'lead', withoutStatus)
  await append('opportunity.won', 'lead', sampleDelivery('opportunity.won').data)
  await append('test.written', 'test', {})
  const found = await storedMismatches(database.db)
  t.equal(found.length, 4, found.join('\n'))
  t.match(found.join('\n'), /lead\.created.*additional properties/)
  t.match(found.join('\n'), /lead\.qualified.*status/)
  t.match(found.join('\n'), /opportunity\.won\): entity_type lead/)
  t.match(found.join('\n'), /unknown type test\.written/)
})

t.test('every event type has a webhook sample that matches its delivery schema, closed', async (t) => {
  const ajv = makeAjv({ useDefaults: false })
  const check = ajv.compile(closed(JSON.parse(JSON.stringify(EventDelivery))) as object)
  t.same(Object.keys(EVENT_DATA).sort(), [...EVENT_TYPES].sort())
  for (const type of EVENT_TYPES) {
    const sample = sampleDelivery(type)
    t.ok(check(sample), `${type}: ${ajv.errorsText(check.errors)}`)
    t.equal(sample.type, type)
  }
  t.notOk(check({ ...sampleDelivery('lead.created'), data: sampleDelivery('opportunity.won').data }), 'type picks data')
})
