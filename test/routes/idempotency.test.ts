// Idempotency-Key on POST: replay, reuse with another body, a request still running, and failed validation.
import t from 'tap'
import { claimIdempotencyKey } from '../../src/db/repositories/idempotency.js'
import { requestHash } from '../../src/plugins/idempotency.js'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const post = (key: string, body: unknown) =>
  ctx.call('POST', '/v1/api-keys', { body, headers: { 'idempotency-key': key } })
const keyCount = async () => (await ctx.call('GET', '/v1/api-keys')).json().data.length

t.test('a retry replays the first answer and writes nothing new', async (t) => {
  const before = await keyCount()
  const first = await post('retry-1', { name: 'zap', scopes: ['write'] })
  const again = await post('retry-1', { name: 'zap', scopes: ['write'] })
  t.equal(first.statusCode, 201)
  t.equal(again.statusCode, 201)
  t.equal(again.body, first.body, 'the same body, secret included')
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(await keyCount(), before + 1)
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
  await claimIdempotencyKey(ctx.database.db, ctx.workspaceId, 'retry-3', requestHash({ method: 'POST', url: '/v1/api-keys', body }))
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
    key: other.adminKey, body: { name: 'e', scopes: ['read'] }, headers: { 'idempotency-key': 'shared-key' }
  })
  t.equal(theirs.statusCode, 201)
  t.not(theirs.json().id, mine.json().id)
})
