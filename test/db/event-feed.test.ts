// The event feed under concurrent writers of one workspace: numbers commit out of order, yet a poller that remembers
// the newest number it saw never misses an event, and each record's events keep the order of its changes.
// Meaningful on PostgreSQL (DATABASE_URL set); on PGlite transactions run one at a time and it holds trivially.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { openDatabase } from '../../src/db/client.js'
import { appendEvent } from '../../src/db/repositories/ledger.js'
import { sampleDelivery } from '../../src/services/webhooks/samples.js'
import { exampleLead } from '../fixtures.js'
import { buildTestApp } from '../helper.js'

const WRITERS = 32
const EVENTS_EACH = 20

const ctx = await buildTestApp(t, { RATE_LIMIT_MAX: 100_000 })
const db = ctx.database.db
// On Postgres the writers get a pool of their own, so the poller is not starved of connections while they hold theirs.
// Their 32 share its 10 connections: on a loaded machine one can queue past the service's 5 s fail-fast bound, which
// is not what this test is about.
const writers =
  ctx.database.url === undefined
    ? ctx.database
    : await openDatabase({ DATABASE_URL: ctx.database.url, POOL_WAIT_MS: 120_000 })
if (writers !== ctx.database) t.teardown(() => writers.close())
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface FeedEvent {
  id: string
  seq: number
}

/** One poll as an integration does it: newest first, paging back until the newest number seen last time. */
async function poll(lastSeen: number): Promise<FeedEvent[]> {
  const found: FeedEvent[] = []
  let cursor = ''
  for (;;) {
    const res = await ctx.call('GET', `/v1/events?limit=50${cursor}`)
    if (res.statusCode !== 200) throw new Error(JSON.stringify(ctx.logs.lines.filter((l) => l.err)))
    const page = res.json()
    const fresh = (page.data as FeedEvent[]).filter((e) => e.seq > lastSeen)
    found.push(...fresh)
    if (!page.has_more || fresh.length < page.data.length) return found
    cursor = `&starting_after=${page.data[page.data.length - 1].id}`
  }
}

t.test(`a poller reading while ${WRITERS} writers commit out of order skips no event`, async (t) => {
  let writing = true
  // Each write holds its number a random while before committing, so later numbers often commit first.
  const writer = async (w: number) => {
    for (let i = 0; i < EVENTS_EACH; i++) {
      await writers.db.transaction(async (tx) => {
        const id = crypto.randomUUID()
        await appendEvent(tx, ctx.workspaceId, {
          type: 'activity.recorded',
          entityType: 'activity',
          entityId: id,
          occurredAt: new Date(),
          payload: { ...sampleDelivery('activity.recorded').data, id, metadata: { writer: w, i } },
        })
        await sleep(Math.random() * 20)
      })
    }
  }
  const seen = new Map<string, number>()
  let lastSeen = 0
  let polls = 0
  const poller = async () => {
    while (writing) {
      for (const e of await poll(lastSeen)) seen.set(e.id, e.seq)
      lastSeen = Math.max(lastSeen, ...seen.values())
      polls++
      await sleep(Math.random() * 5)
    }
  }
  const polling = poller()
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)))
  writing = false
  await polling
  for (const e of await poll(lastSeen)) seen.set(e.id, e.seq)

  const written = (
    (await db.execute(
      sql`select id, seq from events where workspace_id = ${ctx.workspaceId} and type = 'activity.recorded'`,
    )) as unknown as {
      rows: { id: string; seq: string }[]
    }
  ).rows
  t.equal(written.length, WRITERS * EVENTS_EACH)
  const missed = written.filter((e) => !seen.has(e.id))
  t.same(missed, [], `every event reached the poller (${polls} polls while writing)`)
  t.equal(new Set(written.map((e) => e.seq)).size, written.length, 'numbers are unique')
})

t.test(`${WRITERS} concurrent edits of one lead: its events are numbered in the order of its versions`, async (t) => {
  const lead = (await ctx.call('POST', '/v1/leads', { body: { ...exampleLead, email: 'order@acme.io' } })).json()
  const answers = await Promise.all(
    Array.from({ length: WRITERS }, (_, i) => ctx.call('PATCH', `/v1/leads/${lead.id}`, { body: { owner: `o${i}` } })),
  )
  t.same(
    answers.filter((a) => a.statusCode !== 200),
    [],
    'every edit applied',
  )
  const events = (
    (await db.execute(
      sql`select seq, payload->>'version' as version from events where entity_id = ${lead.id} order by seq`,
    )) as unknown as { rows: { version: string }[] }
  ).rows
  const versions = events.map((e) => Number(e.version))
  t.equal(versions.length, WRITERS + 1)
  t.same(
    versions,
    [...versions].sort((a, b) => a - b),
    'versions increase with the event number',
  )
})
