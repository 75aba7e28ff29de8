// A real HTTP receiver on loopback that records what it gets and answers as a test scripts it,
// plus an independent implementation of the Standard Webhooks signature check.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'

export interface Received {
  headers: IncomingHttpHeaders
  body: string
  answered: number
}

export interface Receiver {
  url: string
  received: Received[]
  /** Status codes to answer with, in order; 200 once they run out. */
  script: number[]
  extraHeaders: Record<string, string>
  close: () => Promise<void>
}

export async function startReceiver(): Promise<Receiver> {
  const state = { received: [] as Received[], script: [] as number[], extraHeaders: {} as Record<string, string> }
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      const answered = state.script.shift() ?? 200
      state.received.push({ headers: req.headers, body, answered })
      res.writeHead(answered, state.extraHeaders).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/hook`,
    get received() {
      return state.received
    },
    get script() {
      return state.script
    },
    set script(s) {
      state.script = s
    },
    get extraHeaders() {
      return state.extraHeaders
    },
    set extraHeaders(h) {
      state.extraHeaders = h
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Verifies as a subscriber would, written from the specification, not from the service's code. */
export function verifySignature(
  secret: string,
  headers: IncomingHttpHeaders,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const id = headers['webhook-id']
  const timestamp = Number(headers['webhook-timestamp'])
  const signatures = String(headers['webhook-signature'] ?? '').split(' ')
  if (typeof id !== 'string' || !Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > toleranceSeconds)
    return false
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest()
  return signatures.some((s) => {
    const [version, value] = s.split(',')
    const given = Buffer.from(value ?? '', 'base64')
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
  })
}
