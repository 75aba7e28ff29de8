// Graceful shutdown over real sockets: a request that arrives while the server drains gets a 503 problem with
// Retry-After and a closed connection, while a request already in flight (a streaming import) finishes.
import { connect, type Socket } from 'node:net'
import { sql } from 'drizzle-orm'
import t from 'tap'
import { buildTestApp } from './helper.js'

const ctx = await buildTestApp(t, { LOG_LEVEL: 'silent' })
await ctx.app.listen({ port: 0, host: '127.0.0.1' })
const { port } = ctx.app.server.address() as { port: number }

function open(): Promise<{ socket: Socket; answer: Promise<string> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      let text = ''
      socket.on('data', (d) => (text += d))
      const answer = new Promise<string>((done) => socket.on('close', () => done(text)))
      resolve({ socket, answer })
    })
  })
}
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`

t.test('while draining: new requests get 503 with Retry-After, the in-flight import finishes', async (t) => {
  const inFlight = await open()
  inFlight.socket.write(
    'POST /v1/leads/import HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n' +
      `Authorization: Bearer ${ctx.adminKey}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      chunk('{"email":"drain-1@acme.io"}\n'),
  )
  // A second connection that has started its request (so it is not idle) but not finished its headers.
  const late = await open()
  late.socket.write('GET /v1/me HTTP/1.1\r\nHost: x\r\n')
  await pause(300)

  const closed = ctx.app.close()
  await pause(200)
  late.socket.write(`Authorization: Bearer ${ctx.adminKey}\r\n\r\n`)
  const refused = await late.answer
  t.match(refused, /^HTTP\/1\.1 503 /)
  t.match(refused, /content-type: application\/problem\+json/i)
  t.match(refused, /retry-after: \d+/i)
  t.match(refused, /connection: close/i)
  t.match(refused, /"code":"NOT_READY"/)

  inFlight.socket.write(chunk('{"email":"drain-2@acme.io"}\n') + '0\r\n\r\n')
  const finished = await inFlight.answer
  t.match(finished, /^HTTP\/1\.1 200 /)
  await closed
  const result = (await ctx.database.db.execute(
    sql`select count(*)::int as n from leads where email like 'drain-%'`,
  )) as unknown as { rows: { n: number }[] }
  t.equal(result.rows[0]!.n, 2, 'both rows of the in-flight import were written')
})
