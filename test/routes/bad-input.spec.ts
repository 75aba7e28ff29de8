// Inputs that once answered 500: each must now be a 4xx problem naming what is wrong, and write nothing.
import { connect, type AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const { app, call } = ctx
const auth = { authorization: `Bearer ${ctx.adminKey}` }
const json = { ...auth, 'content-type': 'application/json' }

const raw = (method: string, url: string, headers: Record<string, string>, payload?: string) =>
  app.inject({ method: method as 'POST', url, headers, ...(payload === undefined ? {} : { payload }) })

function isProblem(t: Test, res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }) {
  t.match(res.headers['content-type'], /^application\/problem\+json/, 'a problem document')
  t.match(res.json(), { status: res.statusCode, code: String, request_id: String, detail: String })
}

const leadCount = async () => (await call('GET', '/v1/leads?limit=100')).json().data.length
const lead = (await call('POST', '/v1/leads', { body: { email: 'first@acme.io' } })).json()
const rubric = (await call('GET', '/v1/rubrics')).json().data[0]

t.test('deeply nested JSON is a 400 on every write, before anything recursive runs', async (t) => {
  const arrays = '['.repeat(5000) + ']'.repeat(5000)
  const objects = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)
  const inField = `{"email":"deep@acme.io","attributes":{"x":${'['.repeat(3000)}${']'.repeat(3000)}}}`
  const targets: [string, string][] = [
    ['POST', '/v1/leads'],
    ['PATCH', `/v1/leads/${lead.id}`],
    ['POST', '/v1/leads/upsert'],
    ['POST', '/v1/leads/batch/upsert'],
    ['POST', '/v1/qualifications/evaluate'],
    ['POST', '/v1/rubrics'],
  ]
  for (const [method, url] of targets)
    for (const body of [arrays, objects, inField]) {
      const res = await raw(method, url, json, body)
      t.equal(res.statusCode, 400, `${method} ${url}`)
      isProblem(t, res)
      t.match(res.json().detail, /nest/)
    }
  t.equal(await leadCount(), 1, 'nothing written')
})

t.test('a JSON body of ordinary depth still passes', async (t) => {
  const res = await call('POST', '/v1/leads', { body: { email: 'shallow@acme.io', attributes: { a: 'b' } } })
  t.equal(res.statusCode, 201)
})

t.test('lone UTF-16 surrogates are refused with the pointer', async (t) => {
  for (const [text, pointer] of [
    ['{"email":"s1@acme.io","company":{"name":"\\ud800"}}', '/company/name'],
    ['{"email":"s2@acme.io","company":{"industry":"a\\udfffb"}}', '/company/industry'],
    ['{"email":"s3@acme.io","need":{"pain_points":["ok","\\udbff"]}}', '/need/pain_points/1'],
    ['{"email":"s4@acme.io","attributes":{"k":"\\udc00x"}}', '/attributes/k'],
    ['{"email":"s5@acme.io","attributes":{"\\ud800":"v"}}', '/attributes/\ud800'],
  ]) {
    const res = await raw('POST', '/v1/leads', json, text as string)
    t.equal(res.statusCode, 400, text as string)
    isProblem(t, res)
    t.equal(res.json().errors[0].pointer, pointer)
  }
  const patch = await raw('PATCH', `/v1/leads/${lead.id}`, json, '{"first_name":"\\ud83d"}')
  t.equal(patch.statusCode, 400)
  const upsert = await raw('POST', '/v1/leads/upsert', json, '{"email":"u@acme.io","title":"\\ude00"}')
  t.equal(upsert.statusCode, 400)
  const batch = await raw('POST', '/v1/leads/batch/upsert', json, '{"leads":[{"email":"b@acme.io","title":"\\ude00"}]}')
  t.equal(batch.statusCode, 400, 'text no column can hold refuses the whole batch')
  t.equal(batch.json().errors[0].pointer, '/leads/0/title')
  const activity = await raw(
    'POST',
    `/v1/leads/${lead.id}/activities`,
    json,
    `{"type":"email","direction":"inbound","occurred_at":"2026-01-01T00:00:00Z","metadata":{"m":"\\ud800"}}`,
  )
  t.equal(activity.statusCode, 400)
  t.equal(activity.json().errors[0].pointer, '/metadata/m')
  t.equal(await leadCount(), 2, 'nothing written')
})

t.test('a well-formed surrogate pair (an emoji) is stored and read back', async (t) => {
  const res = await raw('POST', '/v1/leads', json, '{"email":"emoji@acme.io","company":{"name":"Acme \\ud83d\\ude00"}}')
  t.equal(res.statusCode, 201)
  t.equal(res.json().company.name, 'Acme 😀')
})

t.test('imports refuse lone surrogates per row (NDJSON); CSV arrives as UTF-8 and cannot carry one', async (t) => {
  const ndjson = await raw(
    'POST',
    '/v1/leads/import',
    { ...auth, 'content-type': 'application/x-ndjson' },
    '{"email":"i1@acme.io","company":{"name":"\\ud800"}}\n{"email":"i2@acme.io"}\n',
  )
  t.equal(ndjson.statusCode, 200)
  const lines = ndjson.body
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
  t.match(lines[0], { result: 'error', errors: [{ pointer: '/company/name' }] })
  t.match(lines[1], { result: 'created' })
  // Bytes that would encode a lone surrogate (CESU-8) are not UTF-8: they decode to U+FFFD and are stored as such.
  const csv = await app.inject({
    method: 'POST',
    url: '/v1/leads/import',
    headers: { ...auth, 'content-type': 'text/csv' },
    payload: Buffer.concat([
      Buffer.from('email,company.name\ni3@acme.io,a'),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from('\n'),
    ]),
  })
  t.equal(csv.statusCode, 200)
  t.match(JSON.parse(csv.body.split('\n')[0]!), { result: 'created' })
})

t.test('integers past their column are 400, in bodies and query strings', async (t) => {
  const activate = await call('POST', `/v1/rubrics/${rubric.id}/activate`, { body: { version: 2147483648 } })
  t.equal(activate.statusCode, 400)
  isProblem(t, activate)
  t.equal(activate.json().errors[0].pointer, '/version')
  const read = await call('GET', `/v1/rubrics/${rubric.id}?version=99999999999999999999`)
  t.equal(read.statusCode, 400)
  t.equal(read.json().errors[0].pointer, '/version')
  const evaluate = await call('POST', '/v1/qualifications/evaluate', {
    body: { lead: { email: 'x@acme.io' }, rubric_id: rubric.id, rubric_version: 2 ** 31 },
  })
  t.equal(evaluate.statusCode, 400)
  t.equal((await call('GET', `/v1/rubrics/${rubric.id}?version=2147483647`)).statusCode, 404, 'the largest is fine')
})

t.test('webhook target URLs without a host are 400 with the pointer', async (t) => {
  for (const target_url of ['http://', 'https://', 'http://:80/x']) {
    const res = await call('POST', '/v1/webhooks', { body: { target_url, events: ['*'] } })
    t.equal(res.statusCode, 400, target_url)
    isProblem(t, res)
    t.equal(res.json().errors[0].pointer, '/target_url')
  }
})

t.test('text/plain on a JSON route is 415 like any other type', async (t) => {
  for (const type of ['text/plain', 'text/plain; charset=utf-8', 'application/xml']) {
    const res = await raw('POST', '/v1/leads', { ...auth, 'content-type': type }, '{"email":"plain@acme.io"}')
    t.equal(res.statusCode, 415, type)
    isProblem(t, res)
  }
})

t.test('import without a Content-Type or body is a problem', async (t) => {
  const none = await raw('POST', '/v1/leads/import', auth)
  t.equal(none.statusCode, 415)
  isProblem(t, none)
  const noType = await raw('POST', '/v1/leads/import', auth, '{"email":"nt@acme.io"}\n')
  t.equal(noType.statusCode, 415)
  const longId = await raw('POST', '/v1/leads/import', { ...auth, 'x-request-id': 'r'.repeat(5000) }, undefined)
  t.equal(longId.statusCode, 415)
  t.not(longId.json().request_id, 'r'.repeat(5000), 'an over-long request id is replaced')
})

t.test('an import whose first row is over 1 MiB is refused as a whole', async (t) => {
  const res = await raw(
    'POST',
    '/v1/leads/import',
    { ...auth, 'content-type': 'text/csv' },
    `email,company.name\nbig@acme.io,"${'x'.repeat(1_100_000)}"\n`,
  )
  t.equal(res.statusCode, 400)
  isProblem(t, res)
})

t.test('bad URLs and over-long parameters are problems with a request id', async (t) => {
  const bad = await call('GET', '/v1/rubrics/%ZZ')
  t.equal(bad.statusCode, 400)
  isProblem(t, bad)
  t.equal(bad.json().code, 'MALFORMED_REQUEST')
  t.equal(bad.headers['x-request-id'], bad.json().request_id)
  const long = await call('GET', `/v1/leads/${'a'.repeat(300)}`)
  t.equal(long.statusCode, 414)
  isProblem(t, long)
})

const listeningPort = () => (app.server.address() as AddressInfo).port

/** Sends raw bytes to a listening copy of the app and returns what comes back before the server closes. */
function exchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (d) => (received += d.toString()))
    socket.on('close', () => resolve(received))
    socket.on('error', (e) => (received === '' ? reject(e) : resolve(received)))
    socket.end(bytes)
  })
}

t.test("Node's client errors over a real socket are problems", async (t) => {
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = listeningPort()
  const te = await exchange(port, 'POST /v1/leads HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n')
  t.match(te, /^HTTP\/1\.1 400 /)
  t.match(te, /content-type: application\/problem\+json/i)
  t.match(te, /"request_id":"[0-9a-f-]{36}"/)
  const huge = await exchange(port, `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`)
  t.match(huge, /^HTTP\/1\.1 431 /)
  t.match(huge, /"code":"HEADERS_TOO_LARGE"/)
  const long = await exchange(port, `GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Request-Id: ${'r'.repeat(5000)}\r\n\r\n`)
  t.match(long, /^HTTP\/1\.1 401 /, 'a long request id is just not used')
})

t.test(
  'an over-long row mid-import ends the answer and the connection, so the client is not left sending',
  async (t) => {
    const port = listeningPort()
    const socket = connect(port, '127.0.0.1')
    let received = ''
    socket.on('data', (d) => (received += d.toString()))
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())))
    socket.on('error', () => {})
    const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`
    socket.write(
      `POST /v1/leads/import HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ctx.adminKey}\r\n` +
        'Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n' +
        chunk('{"email":"before-big@acme.io"}\n'),
    )
    const started = Date.now()
    // Keep sending one endless line, as a client with a huge row would, until the server hangs up.
    const filler = chunk('x'.repeat(64 * 1024))
    const pump = setInterval(() => socket.writable && socket.write(filler), 5)
    const end = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 20_000))])
    clearInterval(pump)
    socket.destroy()
    t.not(end, -1, 'the server closed the connection')
    t.ok(end - started < 15_000, `closed after ${end - started} ms`)
    t.match(received, /^HTTP\/1\.1 200 /)
    t.match(received, /"result":"created"/)
    t.match(received, /"aborted":\{"line":2,"detail":"line 2 is longer than 1048576 characters"\}/)
  },
)
