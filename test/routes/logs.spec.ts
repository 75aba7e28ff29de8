// What reaches the logs: no query parameters (the API key's hash, emails), no secrets in URLs.
import { createHash } from 'node:crypto'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { queryName, redactUrl, safeError } from '../../src/plugins/logger.js'
import { injectThroughPrism } from '../contract/inject.js'
import { snapshotPglite } from '../databases.js'
import { buildTestApp, LogCapture } from '../helper.js'

t.test('secret query parameters are redacted from logged URLs', async (t) => {
  t.equal(redactUrl('/v1/me?api_key=s3cret&limit=2'), '/v1/me?api_key=[redacted]&limit=2')
  t.equal(
    redactUrl('/v1/me?token=a&Secret=b&key=c&x=%ZZ'),
    '/v1/me?token=[redacted]&Secret=[redacted]&key=[redacted]&x=%ZZ',
  )
  t.equal(redactUrl('/v1/leads'), '/v1/leads')
  const ctx = await buildTestApp(t)
  await ctx.call('GET', '/v1/me?api_key=s3cret-in-the-url')
  const logged = JSON.stringify(ctx.logs.lines)
  t.notOk(logged.includes('s3cret-in-the-url'))
  t.ok(logged.includes('api_key=[redacted]'), 'the request is still logged')
})

t.test('a failed query is logged by name, never with its parameters', async (t) => {
  t.equal(queryName('select "id" from "api_keys" where "key_hash" = $1'), 'select api_keys')
  t.equal(queryName('insert into "leads" ("email") values ($1)'), 'insert leads')
  const failed = Object.assign(new Error('Failed query: select 1 from "leads" where email = $1\nparams: ana@acme.io'), {
    query: 'select 1 from "leads" where email = $1',
    params: ['ana@acme.io'],
    cause: Object.assign(new Error('invalid input syntax for type uuid: "ana@acme.io"'), {
      code: '22P02',
      severity: 'ERROR',
      detail: 'Key (email)=(ana@acme.io) already exists.',
    }),
  })
  const logged = JSON.stringify(safeError(failed))
  t.notOk(logged.includes('ana@acme.io'), logged)
  t.match(logged, /query failed: select leads/)
  t.match(logged, /22P02/)

  // Its own embedded database, closed here (not in teardown) so every query fails.
  const database = await snapshotPglite()
  const logs = new LogCapture()
  const app = await buildApp({ config: { ...loadConfig({}), LOG_LEVEL: 'info' }, db: database.db, logStream: logs })
  t.teardown(() => app.close())
  injectThroughPrism(app)
  await database.close()
  const key = 'secret'
  const res = await app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${key}` } })
  t.ok(res.statusCode >= 500, `the database is gone: ${res.statusCode}`)
  const text = JSON.stringify(logs.lines)
  const hash = createHash('sha256').update(key).digest('hex')
  t.notOk(text.includes(hash), "the key's hash is not logged")
  t.notOk(text.includes('params'), 'no parameters')
})
