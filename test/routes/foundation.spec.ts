// The foundation over HTTP: health, identity, API keys, problem+json, strict validation, request ids.
import t from 'tap'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const { call } = ctx

t.test('health and readiness are open', async (t) => {
  const health = await call('GET', '/health', { key: null })
  t.equal(health.statusCode, 200)
  t.same(health.json(), { status: 'ok' })
  const ready = await call('GET', '/ready', { key: null })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready' })
})

t.test('GET /v1/me names the workspace and key', async (t) => {
  const res = await call('GET', '/v1/me')
  t.equal(res.statusCode, 200)
  const body = res.json()
  t.equal(body.workspace.id, ctx.workspaceId)
  t.equal(body.workspace.name, 'Test workspace')
  t.same(body.key.scopes, ['admin'])
  t.ok(ctx.adminKey.startsWith(body.key.prefix))
})

t.test('a missing or wrong key is a 401 problem', async (t) => {
  for (const key of [null, 'qk_not-a-real-key']) {
    const res = await call('GET', '/v1/me', { key })
    t.equal(res.statusCode, 401)
    t.match(res.headers['content-type'], /^application\/problem\+json/)
    t.equal(res.headers['www-authenticate'], 'Bearer')
    t.match(res.json(), { status: 401, code: 'UNAUTHENTICATED', instance: '/v1/me', request_id: String })
  }
})

t.test('API keys: create, use, scope checks, list, revoke', async (t) => {
  const created = await call('POST', '/v1/api-keys', { body: { name: 'reader', scopes: ['read'] } })
  t.equal(created.statusCode, 201)
  const reader = created.json()
  t.match(reader.key, /^qk_[A-Za-z0-9_-]{43}$/)
  t.equal(reader.prefix, reader.key.slice(0, 11))

  t.equal((await call('GET', '/v1/me', { key: reader.key })).statusCode, 200)
  const forbidden = await call('POST', '/v1/api-keys', { key: reader.key, body: { name: 'x', scopes: ['admin'] } })
  t.equal(forbidden.statusCode, 403)
  t.equal(forbidden.json().code, 'FORBIDDEN')

  const list = await call('GET', '/v1/api-keys')
  t.equal(list.statusCode, 200)
  const listed = list.json().data
  t.equal(listed.length, 2)
  t.notOk(JSON.stringify(listed).includes(reader.key), 'secrets never listed')
  t.notOk(listed.some((k: Record<string, unknown>) => 'key_hash' in k || 'key' in k))

  t.equal((await call('DELETE', `/v1/api-keys/${reader.id}`)).statusCode, 204)
  t.equal((await call('DELETE', `/v1/api-keys/${reader.id}`)).statusCode, 204, 'revoking twice is fine')
  t.equal((await call('GET', '/v1/me', { key: reader.key })).statusCode, 401, 'a revoked key stops working')
})

t.test('the last admin key cannot be revoked', async (t) => {
  const me = (await call('GET', '/v1/me')).json()
  const res = await call('DELETE', `/v1/api-keys/${me.key.id}`)
  t.equal(res.statusCode, 409)
  t.equal((await call('GET', '/v1/me')).statusCode, 200)
})

t.test("another workspace's ids are 404", async (t) => {
  const other = await ctx.newWorkspace('Other')
  const theirs = (await call('GET', '/v1/me', { key: other.adminKey })).json().key.id
  const res = await call('DELETE', `/v1/api-keys/${theirs}`)
  t.equal(res.statusCode, 404)
  t.equal(res.json().code, 'NOT_FOUND')
  const mine = (await call('GET', '/v1/api-keys')).json().data.map((k: { id: string }) => k.id)
  t.notOk(mine.includes(theirs))
})

t.test('validation is strict and names the field', async (t) => {
  const unknownField = await call('POST', '/v1/api-keys', { body: { name: 'x', scopes: ['read'], colour: 'red' } })
  t.equal(unknownField.statusCode, 400)
  t.match(unknownField.headers['content-type'], /^application\/problem\+json/)
  t.match(unknownField.json(), { code: 'VALIDATION_FAILED', errors: [{ pointer: '/colour', in: 'body' }] })

  const coerced = await call('POST', '/v1/api-keys', { body: { name: 7, scopes: ['read'] } })
  t.equal(coerced.statusCode, 400, 'numbers are not coerced to strings')
  t.match(coerced.json().errors, [{ pointer: '/name' }])

  const missing = await call('POST', '/v1/api-keys', { body: { scopes: ['read'] } })
  t.match(missing.json().errors, [{ pointer: '/name', detail: 'is required' }])

  const tooLong = await call('POST', '/v1/api-keys', { body: { name: 'x'.repeat(101), scopes: ['read'] } })
  t.equal(tooLong.statusCode, 400)

  const badParam = await call('DELETE', '/v1/api-keys/not-a-uuid')
  t.equal(badParam.statusCode, 400)
  t.match(badParam.json().errors, [{ pointer: '/id', in: 'path' }])
})

t.test('malformed, oversized and wrongly typed bodies are problems', async (t) => {
  const bad = await call('POST', '/v1/api-keys', { body: '{"name":', headers: { 'content-type': 'application/json' } })
  t.equal(bad.statusCode, 400)
  t.equal(bad.json().code, 'MALFORMED_BODY')

  const big = await call('POST', '/v1/api-keys', {
    body: JSON.stringify({ name: 'x'.repeat(1024 * 1024), scopes: ['read'] }),
    headers: { 'content-type': 'application/json' },
  })
  t.equal(big.statusCode, 413)
  t.equal(big.json().code, 'PAYLOAD_TOO_LARGE')

  const xml = await call('POST', '/v1/api-keys', { body: '<key/>', headers: { 'content-type': 'application/xml' } })
  t.equal(xml.statusCode, 415)
  t.equal(xml.json().code, 'UNSUPPORTED_MEDIA_TYPE')
})

t.test('404 and 405 are problems', async (t) => {
  const missing = await call('GET', '/v1/nothing-here')
  t.equal(missing.statusCode, 404)
  t.match(missing.headers['content-type'], /^application\/problem\+json/)
  const method = await call('PUT', '/v1/api-keys')
  t.equal(method.statusCode, 405)
  t.equal(method.json().code, 'METHOD_NOT_ALLOWED')
  t.match(method.headers.allow, /GET/)
  t.match(method.headers.allow, /POST/)
})

t.test('request ids are honoured, returned, and logs redact the key', async (t) => {
  const res = await call('GET', '/v1/me', { headers: { 'x-request-id': 'trace-123' } })
  t.equal(res.headers['x-request-id'], 'trace-123')
  const generated = await call('GET', '/v1/me', { headers: { 'x-request-id': 'bad id with spaces' } })
  t.not(generated.headers['x-request-id'], 'bad id with spaces')
  const problem = await call('GET', '/v1/me', { key: null, headers: { 'x-request-id': 'trace-456' } })
  t.equal(problem.json().request_id, 'trace-456')
  const logged = ctx.logs.lines.filter((l) => l.reqId === 'trace-123')
  t.ok(logged.length > 0, 'the request id is in the log')
  t.notOk(JSON.stringify(ctx.logs.lines).includes(ctx.adminKey), 'the key never reaches the log')
})

t.test('OpenAPI document and docs are served without a key', async (t) => {
  const doc = await call('GET', '/openapi.json', { key: null })
  t.equal(doc.statusCode, 200)
  t.equal(doc.json().openapi, '3.1.0')
  t.ok(doc.json().paths['/v1/me'])
  const docs = await call('GET', '/docs/', { key: null })
  t.equal(docs.statusCode, 200)
  t.match(docs.headers['content-type'], /text\/html/)
})
