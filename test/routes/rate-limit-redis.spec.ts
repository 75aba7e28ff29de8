// With REDIS_URL, two instances share one budget per key through Redis. CI sets REDIS_URL (the Redis of our
// machines); on a machine without Redis this file checks nothing beyond loading, and says so.
import { randomBytes } from 'node:crypto'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { injectThroughPrism } from '../contract/inject.js'
import { buildTestApp } from '../helper.js'

const redisUrl = process.env.REDIS_URL

if (redisUrl === undefined || redisUrl === '') {
  t.comment('REDIS_URL is not set: the shared rate-limit store is exercised only where it is (CI sets it)')
  t.pass('nothing to check without Redis')
} else {
  t.test("two instances on one Redis share a key's budget", async (t) => {
    const first = await buildTestApp(t, { RATE_LIMIT_MAX: 3, REDIS_URL: redisUrl })
    const second = await buildApp({
      config: { ...loadConfig({}), LOG_LEVEL: 'silent', RATE_LIMIT_MAX: 3, REDIS_URL: redisUrl },
      db: first.database.db,
    })
    t.teardown(() => second.close())
    injectThroughPrism(second)
    const viaSecond = () =>
      second.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${first.adminKey}` } })
    const statuses = [
      (await first.call('GET', '/v1/me')).statusCode,
      (await viaSecond()).statusCode,
      (await first.call('GET', '/v1/me')).statusCode,
      (await viaSecond()).statusCode,
    ]
    t.same(statuses, [200, 200, 200, 429], 'the fourth call is refused whichever instance takes it')
  })

  t.test('two instances on one Redis share the failed-authentication budget of an address', async (t) => {
    const config = { ...loadConfig({}), LOG_LEVEL: 'silent' as const, AUTH_FAILURE_MAX: 2, REDIS_URL: redisUrl }
    const first = await buildTestApp(t, config)
    const second = await buildApp({ config, db: first.database.db })
    t.teardown(() => second.close())
    injectThroughPrism(second)
    // A fresh address per run: the counters outlive the test in the shared Redis, for a window in which the suite
    // runs this test again (PGlite, Prism, Postgres); 250 documentation IPv4 addresses could repeat, 2^64 IPv6 do not.
    const remoteAddress = `2001:db8::${randomBytes(8).toString('hex').match(/..../g)!.join(':')}`
    const guess = (app: typeof second) =>
      app.inject({ method: 'GET', url: '/v1/me', remoteAddress, headers: { authorization: 'Bearer qk_guess' } })
    const statuses = [
      (await guess(first.app)).statusCode,
      (await guess(second)).statusCode,
      (await guess(first.app)).statusCode,
    ]
    t.same(statuses, [401, 401, 429])
    t.equal((await guess(second)).statusCode, 429)
  })
}
