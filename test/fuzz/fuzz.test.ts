// A seeded fuzzer over every operation of openapi/openapi.json: fails on any 5xx, any error answer that is not a
// problem document with a request id, and any answer that shows a stack trace or SQL.
// FUZZ_REQUESTS (default 10,000), FUZZ_SECONDS (a time budget, default 35) and FUZZ_SEED set the run; the run stops
// at whichever limit comes first and says how far it got. `npm run fuzz` runs a longer one.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import t from 'tap'
import { buildTestApp } from '../helper.js'
import type { Document, Schema } from './generate.js'
import { requestArb, type FuzzRequest, type IdPool } from './requests.js'

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000)
const SEED = Number(process.env.FUZZ_SEED ?? 20261127)
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 35)
const BATCH = 250

const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as Document
const ctx = await buildTestApp(t, {
  RATE_LIMIT_MAX: 1_000_000_000,
  AUTH_FAILURE_MAX: 1_000_000_000,
  WEBHOOK_ALLOW_LOOPBACK: true,
  LOG_LEVEL: 'warn',
})
const { call } = ctx

async function seed(): Promise<{ pool: IdPool; read: string }> {
  const created = async (method: string, url: string, body?: unknown) => {
    const res = await call(method, url, body === undefined ? {} : { body })
    return res.statusCode < 300 ? (res.json() as Record<string, unknown>) : undefined
  }
  const read = (await created('POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] }))!
  const spare = (await created('POST', '/v1/api-keys', { name: 'spare', scopes: ['write'] }))!
  const leads: string[] = []
  for (let i = 0; i < 3; i++)
    leads.push((await created('POST', '/v1/leads', { email: `seed${i}@acme.io` }))!.id as string)
  const prospect = await created('POST', `/v1/leads/${leads[0]}/qualify`, { override: { reason: 'fuzz seed' } })
  const prospectId = (prospect?.prospect as { id?: string } | undefined)?.id ?? (prospect?.id as string | undefined)
  const opportunity =
    prospectId === undefined
      ? undefined
      : await created('POST', `/v1/prospects/${prospectId}/convert`, {
          name: 'Deal',
          amount: '100.00',
          currency: 'EUR',
        })
  const webhook = (await created('POST', '/v1/webhooks', { target_url: 'http://127.0.0.1:9/h', events: ['*'] }))!
  const rubrics = ((await created('GET', '/v1/rubrics'))!.data as { id: string }[]).map((r) => r.id)
  const events = ((await created('GET', '/v1/events'))!.data as { id: string }[]).map((e) => e.id).slice(0, 3)
  const ids = (v: unknown) => (typeof v === 'string' ? [v] : [])
  const pool: IdPool = {
    leads,
    rubrics,
    events,
    webhooks: [webhook.id as string],
    'api-keys': [spare.id as string],
    prospects: ids(prospectId),
    opportunities: ids((opportunity?.opportunity as { id?: string } | undefined)?.id ?? opportunity?.id),
  }
  return { pool, read: read.key as string }
}

const LEAK = new RegExp(
  [
    String.raw`\bat [\w.<>$]+ \(`,
    String.raw`node_modules`,
    String.raw`\.[jt]s:\d+:\d+`,
    String.raw`\bselect\b[^"]{0,200}\bfrom\b`,
    String.raw`\binsert into\b`,
    String.raw`violates [\w -]*constraint`,
    String.raw`duplicate key`,
    String.raw`syntax error at or near`,
    String.raw`relation "[^"]+" does not exist`,
    String.raw`invalid input syntax`,
    String.raw`\bSQLSTATE\b`,
  ].join('|'),
  'i',
)

interface Answer {
  statusCode: number
  headers: Record<string, unknown>
  body: string
}

/** What is wrong with an answer, or undefined. */
export function verdict(res: Answer): string | undefined {
  if (res.statusCode >= 500) return `status ${res.statusCode}`
  if (res.statusCode < 400) return undefined
  if (!/^application\/problem\+json/.test(String(res.headers['content-type'])))
    return `error without a problem document (${String(res.headers['content-type'])})`
  let problem: Record<string, unknown>
  try {
    problem = JSON.parse(res.body) as Record<string, unknown>
  } catch {
    return 'problem document is not JSON'
  }
  if (problem.status !== res.statusCode) return `problem status ${String(problem.status)} on a ${res.statusCode}`
  if (typeof problem.request_id !== 'string' || problem.request_id === '') return 'problem without request_id'
  if (typeof problem.code !== 'string') return 'problem without code'
  if (LEAK.test(res.body)) return `leaks internals: ${LEAK.exec(res.body)?.[0]}`
  return undefined
}

const describe = (r: FuzzRequest) =>
  `${r.method} ${r.url.slice(0, 160)} [${r.headers['content-type'] ?? '-'}] ${(r.payload ?? '').slice(0, 200)}`

t.test(`fuzz every operation with ${REQUESTS} requests (seed ${SEED})`, async (t) => {
  const { pool, read } = await seed()
  const keys = { admin: ctx.adminKey, read }
  const leadSchema = doc.paths['/v1/leads/upsert']!.post!.requestBody!.content['application/json']!.schema as Schema
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => requestArb(doc, path, method, op, pool, keys, leadSchema)),
  )
  t.ok(operations.length >= 40, `${operations.length} operations in the document`)
  const anyRequest = fc.oneof(...operations)
  const statuses = new Map<number, number>()
  const perOperation = new Map<string, number>()
  const failures: string[] = []
  const started = Date.now()
  let sent = 0
  const deadline = started + SECONDS * 1000
  for (let batch = 0; sent < REQUESTS && Date.now() < deadline; batch++) {
    const requests = fc.sample(anyRequest, { seed: SEED + batch, numRuns: Math.min(BATCH, REQUESTS - sent) })
    for (const request of requests) {
      const res = await ctx.app.inject({
        method: request.method as 'GET',
        url: request.url,
        headers: request.headers,
        ...(request.payload === undefined ? {} : { payload: request.payload }),
      })
      sent++
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1)
      perOperation.set(request.operation, (perOperation.get(request.operation) ?? 0) + 1)
      const wrong = verdict(res)
      if (wrong !== undefined && failures.length < 25)
        failures.push(`${wrong}: ${describe(request)} -> ${res.body.slice(0, 300)}`)
    }
  }
  const seconds = (Date.now() - started) / 1000
  const summary = [...statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}: ${n}`)
  t.comment(
    `${sent} requests in ${seconds.toFixed(1)} s over ${perOperation.size} operations; statuses ${summary.join(', ')}`,
  )
  t.ok(sent > 0, 'requests were sent')
  if (sent === REQUESTS) t.equal(perOperation.size, operations.length, 'every operation was exercised')
  t.same(failures, [], 'no 5xx, every error a problem with a request id, nothing leaked')
  const leakedLogs = ctx.logs.lines.filter((l) => JSON.stringify(l).includes(ctx.adminKey))
  t.equal(leakedLogs.length, 0, 'the API key never reaches the logs')
})
