// Failed authentication has its own per-address budget: past it, guesses are refused with 429 before any key lookup,
// while keys that already worked from that address keep their own per-key budget.
import t from 'tap'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t, { AUTH_FAILURE_MAX: 5, AUTH_FAILURE_WINDOW_MS: 60_000 })

const from = (remoteAddress: string, key: string | undefined) =>
  ctx.app.inject({
    method: 'GET',
    url: '/v1/me',
    remoteAddress,
    headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
  })

t.test('bad and missing keys from one address get 401 up to the budget, then 429 with Retry-After', async (t) => {
  t.equal((await from('198.51.100.7', ctx.adminKey)).statusCode, 200, 'the good key works from here first')
  const statuses: number[] = []
  for (let i = 0; i < 30; i++)
    statuses.push((await from('198.51.100.7', i % 3 === 0 ? undefined : `qk_guess${i}`)).statusCode)
  t.same(statuses.slice(0, 5), [401, 401, 401, 401, 401])
  t.same(new Set(statuses.slice(5)), new Set([429]))

  const limited = await from('198.51.100.7', 'qk_another_guess')
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
  t.match(limited.json(), { code: 'RATE_LIMITED', status: 429 })
  t.ok(Number(limited.headers['retry-after']) >= 1 && Number(limited.headers['retry-after']) <= 60)

  const good = await from('198.51.100.7', ctx.adminKey)
  t.equal(good.statusCode, 200, 'a key that worked from this address before keeps working')
  t.equal(good.headers['x-ratelimit-limit'], '600', 'and counts against its own per-key budget')
})

t.test('a locked address cannot tell a right key from a wrong one it has not used before', async (t) => {
  const other = await ctx.newWorkspace('Second')
  for (let i = 0; i < 5; i++) await from('198.51.100.8', `qk_wrong${i}`)
  t.equal((await from('198.51.100.8', 'qk_wrong')).statusCode, 429)
  t.equal((await from('198.51.100.8', other.adminKey)).statusCode, 429, 'refused before any lookup')
  t.equal((await from('198.51.100.9', other.adminKey)).statusCode, 200, 'other addresses are not affected')
  t.equal((await from('198.51.100.9', 'qk_wrong')).statusCode, 401)
})

t.test('public routes are not counted as failures', async (t) => {
  for (let i = 0; i < 10; i++)
    t.equal((await ctx.app.inject({ url: '/health', remoteAddress: '198.51.100.10' })).statusCode, 200)
  t.equal((await from('198.51.100.10', 'qk_wrong')).statusCode, 401)
})
