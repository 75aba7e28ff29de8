// The per-instance caches (API keys, active rubric): a change made on one instance reaches another one on the same
// database within the documented bound, the instance that made it sees it at once, and key use is still recorded.
import t, { type Test } from 'tap'
import { sql } from 'drizzle-orm'
import { buildApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { openDatabase } from '../../src/db/client.js'
import type { App } from '../../src/routes/route-deps.js'
import { exampleLead } from '../fixtures.js'
import { buildTestApp, LogCapture, type TestContext } from '../helper.js'

// Long enough that only an invalidation, not expiry, can explain a change seen within NOTIFY_BOUND_MS.
const LONG_TTL = { AUTH_CACHE_TTL_MS: 60_000, RUBRIC_CACHE_TTL_MS: 60_000 }
const NOTIFY_BOUND_MS = 1_000

/** A second app on the same database (its own pool on Postgres, the same PGlite in-process). */
async function secondInstance(t: Test, ctx: TestContext, overrides: Partial<Config>): Promise<App> {
  const config = { ...loadConfig({}), LOG_LEVEL: 'silent' as const, ...overrides }
  let db = ctx.database.db
  if (ctx.database.url !== undefined) {
    const handle = await openDatabase({ DATABASE_URL: ctx.database.url })
    t.teardown(() => handle.close())
    db = handle.db
  }
  const app = await buildApp({ config, db, logStream: new LogCapture() })
  t.teardown(() => app.close())
  return app
}

const status = async (app: App, key: string) =>
  (await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${key}` } })).statusCode

async function newKey(ctx: TestContext): Promise<{ id: string; key: string }> {
  const created = await ctx.call('POST', '/v1/api-keys', { body: { name: 'cached', scopes: ['read', 'write'] } })
  return created.json()
}

/** Milliseconds until `check` holds, or Infinity after `limit`. */
async function within(limit: number, check: () => Promise<boolean>): Promise<number> {
  const start = Date.now()
  while (Date.now() - start < limit) {
    if (await check()) return Date.now() - start
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  return Infinity
}

t.test('a revoked key is refused at once by the instance that revoked it', async (t) => {
  const ctx = await buildTestApp(t, LONG_TTL)
  const { id, key } = await newKey(ctx)
  t.equal(await status(ctx.app, key), 200, 'known, and now cached')
  t.equal((await ctx.call('DELETE', `/v1/api-keys/${id}`)).statusCode, 204)
  t.equal(await status(ctx.app, key), 401)
})

t.test('another instance refuses a revoked key within the bound, not after its TTL', async (t) => {
  const ctx = await buildTestApp(t, LONG_TTL)
  const other = await secondInstance(t, ctx, LONG_TTL)
  const { id, key } = await newKey(ctx)
  t.equal(await status(other, key), 200, 'cached on the other instance')
  t.equal((await ctx.call('DELETE', `/v1/api-keys/${id}`)).statusCode, 204)
  const took = await within(5_000, async () => (await status(other, key)) === 401)
  t.ok(took <= NOTIFY_BOUND_MS, `refused after ${took} ms`)
})

t.test('without the announcement (a lost message), the TTL still bounds how long a revoked key works', async (t) => {
  const ttl = 300
  const ctx = await buildTestApp(t, { AUTH_CACHE_TTL_MS: ttl })
  const { id, key } = await newKey(ctx)
  t.equal(await status(ctx.app, key), 200)
  // The entry was loaded during that call, so it expires by now + ttl, however long calls take on a busy machine.
  const expiry = Date.now() + ttl
  await ctx.database.db.execute(sql`update api_keys set revoked_at = now() where id = ${id}`)
  const asked = Date.now()
  const cached = await status(ctx.app, key)
  if (asked < expiry) t.equal(cached, 200, 'still cached: nothing told this instance')
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiry - Date.now() + 1)))
  t.equal(await status(ctx.app, key), 401, 'a call made after the entry expired is refused')
})

t.test('a new key works at once: unknown keys are not cached', async (t) => {
  const ctx = await buildTestApp(t, LONG_TTL)
  t.equal(await status(ctx.app, 'qk_not_yet'), 401)
  const { key } = await newKey(ctx)
  t.equal(await status(ctx.app, key), 200)
})

t.test('last_used_at is written in the background, and on close', async (t) => {
  const ctx = await buildTestApp(t, { KEY_USAGE_FLUSH_MS: 100 })
  const { id, key } = await newKey(ctx)
  const lastUsed = async () =>
    (await ctx.call('GET', '/v1/api-keys')).json().data.find((k: { id: string }) => k.id === id).last_used_at
  t.equal(await lastUsed(), null)
  t.equal(await status(ctx.app, key), 200)
  t.ok((await within(3_000, async () => (await lastUsed()) !== null)) < Infinity, 'flushed by the timer')

  const other = await secondInstance(t, ctx, { KEY_USAGE_FLUSH_MS: 600_000 })
  const second = await newKey(ctx)
  t.equal(await status(other, second.key), 200)
  await other.close()
  const row = await ctx.call('GET', '/v1/api-keys')
  t.not(row.json().data.find((k: { id: string }) => k.id === second.id).last_used_at, null, 'flushed on close')
})

t.test('another instance scores with a newly activated rubric within the bound', async (t) => {
  const ctx = await buildTestApp(t, LONG_TTL)
  const other = await secondInstance(t, ctx, LONG_TTL)
  let n = 0
  const createOn = async (app: App) => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/leads',
      headers: { authorization: `Bearer ${ctx.adminKey}` },
      payload: { ...exampleLead, email: `cache-${++n}@example.com` },
    })
    return res.json().score.rubric_version as number
  }
  t.equal(await createOn(other), 1, 'version 1, now cached on the other instance')
  const first = (await ctx.call('GET', '/v1/rubrics')).json().data[0]
  const created = await ctx.call('POST', '/v1/rubrics', {
    body: { rubric_id: first.id, definition: first.definition, activate: true },
  })
  t.equal(created.statusCode, 201)
  t.equal(await createOn(ctx.app), 2, 'the activating instance at once')
  const took = await within(5_000, async () => (await createOn(other)) === 2)
  t.ok(took <= NOTIFY_BOUND_MS, `the other instance after ${took} ms`)
})
