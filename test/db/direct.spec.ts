// The lead read that runs straight through the driver answers exactly what Drizzle's select does, on either database,
// outside and inside a transaction, and fails the same way.
import { and, eq } from 'drizzle-orm'
import { DrizzleQueryError } from 'drizzle-orm/errors'
import t from 'tap'
import { ambientDatabase, withTransaction } from '../../src/db/ambient.js'
import { findLead } from '../../src/db/repositories/leads.js'
import { leads } from '../../src/db/schema.js'
import { directSelect } from '../../src/db/direct.js'
import { sqlState } from '../../src/db/errors.js'
import { exampleLead } from '../fixtures.js'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const { db } = ctx.database

const viaDrizzle = async (id: string) =>
  (
    await db
      .select()
      .from(leads)
      .where(and(eq(leads.workspaceId, ctx.workspaceId), eq(leads.id, id)))
  )[0]

t.test('a scored lead with activities and one with only an email read the same both ways', async (t) => {
  const full = (await ctx.call('POST', '/v1/leads', { body: { ...exampleLead, phone: '+49 30 1234567' } })).json()
  const activity = await ctx.call('POST', `/v1/leads/${full.id}/activities`, {
    body: { type: 'reply', direction: 'inbound', occurred_at: '2026-11-20T10:00:00.123Z' },
  })
  t.equal(activity.statusCode, 201)
  const bare = (await ctx.call('POST', '/v1/leads', { body: { email: 'bare@acme.io' } })).json()
  for (const id of [full.id as string, bare.id as string]) {
    const direct = await findLead(db, ctx.workspaceId, id)
    const drizzle = await viaDrizzle(id)
    t.ok(drizzle !== undefined)
    t.strictSame(direct, drizzle, 'same keys, values and types (Dates, numbers, JSON)')
    t.strictSame(Object.keys(direct!), Object.keys(drizzle!), 'same key order')
    // As routes see it: a handle that joins the request's transaction (the direct path must stay out of it).
    const ambient = ambientDatabase(db)
    const inTx = await db.transaction((tx) => withTransaction(tx, () => findLead(ambient, ctx.workspaceId, id)))
    t.strictSame(inTx, drizzle, 'inside a transaction too')
  }
  const read = await findLead(db, ctx.workspaceId, full.id as string)
  t.ok(read!.lastActivityAt instanceof Date && read!.createdAt instanceof Date)
  t.equal(read!.lastActivityAt!.toISOString(), '2026-11-20T10:00:00.123Z')
})

t.test('an unknown id or another workspace reads as nothing', async (t) => {
  const lead = (await ctx.call('POST', '/v1/leads', { body: { email: 'mine@acme.io' } })).json()
  const other = await ctx.newWorkspace('other')
  t.equal(await findLead(db, ctx.workspaceId, '01890000-0000-7000-8000-000000000000'), undefined)
  t.equal(await findLead(db, other.workspaceId, lead.id as string), undefined)
})

t.test('a failing statement raises the error Drizzle raises, with the SQLSTATE underneath', async (t) => {
  const broken = directSelect('direct_test_broken', leads, 'id = $1')
  const error = await broken.run(db, ['not-a-uuid'], () => Promise.resolve([])).catch((e: unknown) => e)
  t.ok(error instanceof DrizzleQueryError)
  t.equal(sqlState(error), '22P02')
})
