// Idempotency-Key on POST: replay, reuse with another body, a request still running, and failed validation.
import { sql } from 'drizzle-orm'
import t from 'tap'
import { claimIdempotencyKey } from '../../src/db/repositories/idempotency.js'
import { requestHash } from '../../src/plugins/idempotency.js'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const post = (key: string, body: unknown) =>
  ctx.call('POST', '/v1/api-keys', { body, headers: { 'idempotency-key': key } })
const keyCount = async () => (await ctx.call('GET', '/v1/api-keys')).json().data.length

t.test('a retry replays the first answer and writes nothing new', async (t) => {
  const create = () =>
    ctx.call('POST', '/v1/leads', { body: { email: 'once@acme.io' }, headers: { 'idempotency-key': 'lead-1' } })
  const first = await create()
  const again = await create()
  t.equal(first.statusCode, 201)
  t.equal(again.statusCode, 201, 'not the 409 a second create would get')
  t.equal(again.body, first.body)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.headers.etag, first.headers.etag)
  t.equal((await ctx.call('GET', '/v1/leads?email=once@acme.io')).json().data.length, 1)
})

t.test('an answer holding a secret is not kept: a retry is told what was created, never the secret', async (t) => {
  const before = await keyCount()
  const first = await post('retry-secret', { name: 'zap', scopes: ['write'] })
  const again = await post('retry-secret', { name: 'zap', scopes: ['write'] })
  t.equal(first.statusCode, 201)
  t.equal(again.statusCode, 409)
  t.match(again.headers['content-type'], /problem\+json/)
  t.equal(again.json().created_id, first.json().id)
  t.notOk(again.body.includes(first.json().key))
  t.equal(await keyCount(), before + 1, 'no second key')
  const stored = await ctx.database.db.execute(
    sql`select response_body from idempotency_keys where key = 'retry-secret'`,
  )
  t.notOk(JSON.stringify(stored).includes(first.json().key), 'the plain key is nowhere in the database')
})

t.test('a key whose request died long ago can be used again', async (t) => {
  const body = { name: 'late', scopes: ['read'] }
  await claimIdempotencyKey(
    ctx.database.db,
    ctx.workspaceId,
    'abandoned',
    requestHash({ method: 'POST', url: '/v1/api-keys', body }),
  )
  await ctx.database.db.execute(
    sql`update idempotency_keys set created_at = now() - interval '10 minutes' where key = 'abandoned'`,
  )
  t.equal((await post('abandoned', body)).statusCode, 201)
})

t.test('the same key with a different body is 422', async (t) => {
  await post('retry-2', { name: 'a', scopes: ['read'] })
  const res = await post('retry-2', { name: 'b', scopes: ['read'] })
  t.equal(res.statusCode, 422)
  t.equal(res.json().code, 'IDEMPOTENCY_KEY_REUSED')
})

t.test('a retry while the first is running is 409', async (t) => {
  const body = { name: 'c', scopes: ['read'] }
  // As if another instance had claimed the key and not yet answered.
  await claimIdempotencyKey(
    ctx.database.db,
    ctx.workspaceId,
    'retry-3',
    requestHash({ method: 'POST', url: '/v1/api-keys', body }),
  )
  const res = await post('retry-3', body)
  t.equal(res.statusCode, 409)
  t.equal(res.json().code, 'IDEMPOTENCY_IN_PROGRESS')
})

t.test('failed validation stores nothing', async (t) => {
  const bad = await post('retry-4', { name: 'd', scopes: ['nope'] })
  t.equal(bad.statusCode, 400)
  const good = await post('retry-4', { name: 'd', scopes: ['read'] })
  t.equal(good.statusCode, 201)
})

t.test('keys are per workspace', async (t) => {
  const other = await ctx.newWorkspace('Other')
  const mine = await post('shared-key', { name: 'e', scopes: ['read'] })
  const theirs = await ctx.call('POST', '/v1/api-keys', {
    key: other.adminKey,
    body: { name: 'e', scopes: ['read'] },
    headers: { 'idempotency-key': 'shared-key' },
  })
  t.equal(theirs.statusCode, 201)
  t.not(theirs.json().id, mine.json().id)
})
