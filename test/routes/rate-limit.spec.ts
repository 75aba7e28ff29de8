// Per-key rate limits answer 429 problem+json with Retry-After once a key's budget is spent.
import t from 'tap'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t, { RATE_LIMIT_MAX: 3 })

t.test('the fourth call in the window is refused, other keys are not affected', async (t) => {
  const statuses = []
  for (let i = 0; i < 4; i++) statuses.push((await ctx.call('GET', '/v1/me')).statusCode)
  t.same(statuses, [200, 200, 200, 429])
  const limited = await ctx.call('GET', '/v1/me')
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
  t.equal(limited.json().code, 'RATE_LIMITED')
  t.ok(Number(limited.headers['retry-after']) > 0)
  t.equal(limited.headers['x-ratelimit-limit'], '3')

  const other = await ctx.newWorkspace('Other')
  t.equal((await ctx.call('GET', '/v1/me', { key: other.adminKey })).statusCode, 200)
})
