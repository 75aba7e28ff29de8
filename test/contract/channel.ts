// One test process's side of the contract proxy: a request goes to Prism (CONTRACT_PROXY_URL), Prism forwards it
// through the router to this process's back door, which hands it to the named target (an app or a server) and keeps
// the target's own answer. What Prism said about the exchange then decides the verdict.
import { appendFileSync } from 'node:fs'
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { UPSTREAM_HEADER } from './router.js'

export interface Exchange {
  method: string
  url: string
  headers: Record<string, string>
  body?: Buffer
  remoteAddress?: string
}

export interface Answer {
  statusCode: number
  headers: IncomingHttpHeaders
  body: Buffer
}

export type Target = (exchange: Exchange) => Promise<Answer>

export interface Violation {
  location: string[]
  severity: string
  code?: string | number
  message: string
}

type Verdict = 'checked' | 'rejected' | 'excepted' | 'violation' | 'outside'

const TARGET = 'x-contract-target'
const CALL = 'x-contract-call'
const REMOTE = 'x-contract-remote-address'
// Prism fills these in when a request lacks them; the back door takes them out again so the target sees the request as sent.
const PRISM_DEFAULTS = ['accept', 'accept-encoding', 'user-agent']
const ABSENT = 'x-contract-absent'
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']

// The document and its UI are served beside the API, not described by the document, so Prism has no path for them.
const OUTSIDE = /^\/(openapi\.json|docs)([/?]|$)/

const targets = new Map<string, Target>()
const answered = new Map<string, Answer>()
let calls = 0
let violations = 0
let backDoor: Promise<number> | undefined

export function contractProxyUrl(): string | undefined {
  const url = process.env.CONTRACT_PROXY_URL
  return url === undefined || url === '' ? undefined : url
}

/** How many exchanges of this process Prism found in violation (the README test asserts 0). */
export function violationCount(): number {
  return violations
}

export function registerTarget(target: Target): string {
  const id = String(targets.size + 1)
  targets.set(id, target)
  return id
}

/** Sends one exchange to the target through Prism; throws when Prism reports a violation. */
export async function throughPrism(targetId: string, exchange: Exchange): Promise<Answer> {
  const target = targets.get(targetId)!
  if (OUTSIDE.test(exchange.url)) return record('outside', exchange, await target(exchange))
  const call = `${process.pid}.${++calls}`
  const headers: Record<string, string> = {
    ...exchange.headers,
    [UPSTREAM_HEADER]: String(await backDoorPort()),
    [TARGET]: targetId,
    [CALL]: call,
    [ABSENT]: PRISM_DEFAULTS.filter((name) => exchange.headers[name] === undefined).join(','),
    ...(exchange.remoteAddress === undefined ? {} : { [REMOTE]: exchange.remoteAddress }),
  }
  const prism = await send(contractProxyUrl()!, { ...exchange, headers })
  const upstream = answered.get(call)
  answered.delete(call)
  if (upstream === undefined) return rejectedByPrism(exchange, prism, await target(exchange))
  const found = readViolations(prism)
  if (found.length === 0) return record('checked', exchange, prism)
  const ndjson = isNdjson(upstream.headers['content-type'])
  const real = found.filter((v) => !(ndjson && v.location.join('.') === 'response.body'))
  if (real.length === 0) return record('excepted', exchange, upstream, found)
  record('violation', exchange, prism, real)
  throw new Error(`Prism: ${exchange.method} ${exchange.url} -> ${upstream.statusCode}: ${describe(real)}`)
}

// Prism answered without forwarding: the document rejects the request. The service must reject it too (4xx);
// the test then sees the service's own answer.
function rejectedByPrism(exchange: Exchange, prism: Answer, direct: Answer): Answer {
  if (direct.statusCode >= 400 && direct.statusCode < 500) return record('rejected', exchange, direct)
  if (isNdjson(contentTypeOf(exchange)) && onlyWholeBody(refusal(prism)))
    return record('excepted', exchange, direct, refusal(prism))
  const why: Violation = { location: ['request'], severity: 'Error', message: prism.body.toString() }
  record('violation', exchange, direct, [why])
  throw new Error(
    `Prism refused ${exchange.method} ${exchange.url} (${prism.statusCode}: ${why.message}) but the service answered ${direct.statusCode}`,
  )
}

// Prism reads an NDJSON body as one JSON text, so it can only ever complain about the body as a whole.
const isNdjson = (contentType: unknown) => String(contentType).startsWith('application/x-ndjson')
const contentTypeOf = (exchange: Exchange) =>
  Object.entries(exchange.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1]
const onlyWholeBody = (found: Violation[]) =>
  found.length > 0 && found.every((v) => ['body', 'response.body'].includes(v.location.join('.')))

/** The validation list of Prism's own 422 when it refuses a request. */
function refusal(prism: Answer): Violation[] {
  try {
    return (JSON.parse(prism.body.toString()) as { validation?: Violation[] }).validation ?? []
  } catch {
    return []
  }
}

function readViolations(prism: Answer): Violation[] {
  const header = prism.headers['sl-violations']
  if (header === undefined) return []
  try {
    return JSON.parse(String(header)) as Violation[]
  } catch {
    return [{ location: [], severity: 'Error', message: String(header) }]
  }
}

function describe(found: Violation[]): string {
  return found.map((v) => `${v.location.join('.')} ${v.message}`).join('; ')
}

function record(verdict: Verdict, exchange: Exchange, answer: Answer, found: Violation[] = []): Answer {
  if (verdict === 'violation') violations++
  const log = process.env.CONTRACT_LOG
  if (log !== undefined && log !== '') {
    const path = exchange.url.split('?')[0]
    const line = { verdict, method: exchange.method, path, status: answer.statusCode, violations: found }
    appendFileSync(log, `${JSON.stringify(line)}\n`)
  }
  return answer
}

/** One HTTP exchange on a fresh connection (no keep-alive, so nothing holds the test process open). */
export function send(base: string, exchange: Exchange): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const length = exchange.body === undefined ? {} : { 'content-length': String(exchange.body.length) }
    const headers = { ...exchange.headers, ...length }
    const outgoing = request(new URL(exchange.url, base), { method: exchange.method, headers, agent: false }, (res) =>
      readBody(res).then((body) => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body }), reject),
    )
    outgoing.on('error', reject)
    outgoing.end(exchange.body)
  })
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks)))
    stream.on('error', reject)
  })
}

function backDoorPort(): Promise<number> {
  backDoor ??= new Promise((resolve) => {
    const server = createServer((incoming, outgoing) => {
      void serveForwarded(incoming).then(
        (answer) => outgoing.writeHead(answer.statusCode, withoutHopByHop(answer.headers)).end(answer.body),
        (error: unknown) => outgoing.writeHead(502).end(String(error)),
      )
    })
    server.listen(0, '127.0.0.1', () => {
      server.unref()
      resolve((server.address() as AddressInfo).port)
    })
  })
  return backDoor
}

async function serveForwarded(incoming: IncomingMessage): Promise<Answer> {
  const { [TARGET]: targetId, [CALL]: call, [REMOTE]: remoteAddress, [ABSENT]: absent, ...rest } = incoming.headers
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(withoutHopByHop(rest))) {
    if (value !== undefined && name !== UPSTREAM_HEADER) headers[name] = String(value)
  }
  for (const name of String(absent ?? '').split(',')) delete headers[name]
  const body = await readBody(incoming)
  const answer = await targets.get(String(targetId))!({
    method: incoming.method ?? 'GET',
    url: incoming.url ?? '/',
    headers,
    ...(body.length === 0 ? {} : { body }),
    ...(typeof remoteAddress === 'string' ? { remoteAddress } : {}),
  })
  answered.set(String(call), answer)
  return answer
}

function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.includes(name)))
}
