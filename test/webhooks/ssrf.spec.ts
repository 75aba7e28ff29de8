// The SSRF guard: refused address classes at subscription time, a name that resolves to loopback,
// the loopback-only exception for local testing, and the check again at connect time.
import t from 'tap'
import { refusalOf } from '../../src/services/webhooks/ssrf.js'
import { postJson } from '../../src/services/webhooks/send.js'
import { buildTestApp } from '../helper.js'
import { startReceiver } from './receiver.js'

t.test('address classes', async (t) => {
  const refused = {
    loopback: ['127.0.0.1', '127.3.4.5', '::1'],
    'RFC 1918': ['10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1'],
    'link-local': ['169.254.169.254', 'fe80::1'],
    'unique-local IPv6': ['fc00::1', 'fd12:3456::1'],
    unspecified: ['0.0.0.0', '::'],
    'IPv4-mapped private': ['::ffff:10.0.0.1', '::ffff:127.0.0.1'],
  }
  for (const [kind, addresses] of Object.entries(refused)) {
    for (const address of addresses) t.ok(refusalOf(address, false), `${kind}: ${address} refused`)
  }
  for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1'])
    t.equal(refusalOf(address, false), undefined, `${address} allowed`)
  t.equal(refusalOf('127.0.0.1', true), undefined, 'loopback allowed with the flag')
  t.ok(refusalOf('10.0.0.1', true), '…and only loopback')
  t.ok(refusalOf('169.254.169.254', true))
})

t.test(
  'IPv6 forms of private, loopback and link-local IPv4 addresses, and special-purpose IPv6, are refused',
  async (t) => {
    for (const host of [
      '[::a9fe:a9fe]',
      '[::127.0.0.1]',
      '[::ffff:0:a9fe:a9fe]',
      '[2002:a9fe:a9fe::1]',
      '[100::1]',
      '[::ffff:a9fe:a9fe]',
      '[::ffff:127.0.0.1]',
      '[64:ff9b::a9fe:a9fe]',
      '[64:ff9b:1::a9fe:a9fe]',
      '[2001::1]',
      '[2001:db8::1]',
      '[fec0::1]',
      '[::10.0.0.1]',
    ]) {
      const address = new URL(`http://${host}/`).hostname.replace(/^\[|\]$/g, '')
      t.ok(refusalOf(address, false), `${host} (${address}) refused`)
    }
    t.equal(refusalOf('2606:4700:4700::1111', false), undefined, 'a public IPv6 address passes')
    t.ok(refusalOf('::ffff:7f00:1', true) === undefined, 'mapped loopback follows the loopback flag')
  },
)

t.test('subscriptions to refused targets are 400 problems naming target_url', async (t) => {
  const ctx = await buildTestApp(t)
  const targets = [
    'http://127.0.0.1:9/x',
    'http://localhost:9/x',
    'http://10.1.2.3/x',
    'http://169.254.169.254/latest/meta-data',
    'http://[::1]/x',
    'http://[fc00::1]/x',
    'http://0.0.0.0/x',
    'http://192.168.0.10/x',
  ]
  for (const target_url of targets) {
    const res = await ctx.call('POST', '/v1/webhooks', { body: { target_url, events: ['*'] } })
    t.equal(res.statusCode, 400, target_url)
    t.match(res.json(), { code: 'VALIDATION_FAILED', errors: [{ pointer: '/target_url' }] })
  }
  const local = await ctx.call('POST', '/v1/webhooks', { body: { target_url: targets[0], events: ['*'] } })
  t.match(local.json().detail, /WEBHOOK_ALLOW_LOOPBACK=true/, 'a loopback refusal names the setting that allows it')
  t.notMatch(
    (await ctx.call('POST', '/v1/webhooks', { body: { target_url: targets[2], events: ['*'] } })).json().detail,
    /WEBHOOK_ALLOW_LOOPBACK/,
    'a private address is not told about a setting that would not help',
  )
  const ftp = await ctx.call('POST', '/v1/webhooks', { body: { target_url: 'ftp://example.com/x', events: ['*'] } })
  t.equal(ftp.statusCode, 400, 'only http and https')
})

t.test('with WEBHOOK_ALLOW_LOOPBACK only loopback opens up', async (t) => {
  const ctx = await buildTestApp(t, { WEBHOOK_ALLOW_LOOPBACK: true })
  t.equal(
    (await ctx.call('POST', '/v1/webhooks', { body: { target_url: 'http://localhost:9/x', events: ['*'] } }))
      .statusCode,
    201,
  )
  t.equal(
    (await ctx.call('POST', '/v1/webhooks', { body: { target_url: 'http://10.0.0.1/x', events: ['*'] } })).statusCode,
    400,
  )
})

t.test('the guard runs again at connect time, for literal addresses and resolved names', async (t) => {
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  const send = (url: string, allowLoopback: boolean) => postJson(url, {}, '{}', { timeoutMs: 2000, allowLoopback })
  const byName = receiver.url.replace('127.0.0.1', 'localhost')
  t.match(await send(receiver.url, false), { statusCode: null, error: /refused: .*loopback/ })
  t.match(await send(byName, false), { statusCode: null, error: /refused: .*loopback/ })
  t.equal(receiver.received.length, 0, 'nothing reached the receiver')
  t.match(await send(byName, true), { statusCode: 200 })
})

t.test('no redirects are followed; slow receivers time out', async (t) => {
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  receiver.script = [302]
  receiver.extraHeaders = { location: 'http://127.0.0.1:9/elsewhere' }
  t.match(await postJson(receiver.url, {}, '{}', { timeoutMs: 2000, allowLoopback: true }), { statusCode: 302 })
  const { createServer } = await import('node:http')
  const silent = createServer(() => {})
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  t.teardown(() => {
    silent.closeAllConnections()
    silent.close()
  })
  const port = (silent.address() as { port: number }).port
  const started = Date.now()
  t.match(await postJson(`http://127.0.0.1:${port}/`, {}, '{}', { timeoutMs: 300, allowLoopback: true }), {
    statusCode: null,
    error: /timed out/,
  })
  t.ok(Date.now() - started < 2000)
})
