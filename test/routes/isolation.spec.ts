// Tenant isolation and scopes, over every operation of openapi/openapi.json (a new route is covered without editing
// this file): another workspace's admin key gets 404 on this workspace's ids and changes nothing, lists never show
// another workspace's rows, a read key is refused on every write operation and a write key on every admin one.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { fitting, type Document, type Operation, type Schema } from '../fuzz/generate.js'

type ScopedOperation = Operation & { 'x-required-scope'?: 'read' | 'write' | 'admin' }
interface Op {
  name: string
  method: string
  path: string
  op: ScopedOperation
}

const doc = JSON.parse(readFileSync(new URL('../../openapi/openapi.json', import.meta.url), 'utf8')) as Document
const operations: Op[] = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, method, path, op })),
)
// A fixed clock, so what the owner reads before and after the foreign attempts can be compared byte for byte.
const NOW = new Date('2026-06-01T12:00:00Z')
const ctx = await buildTestApp(
  t,
  { RATE_LIMIT_MAX: 1_000_000, WEBHOOK_ALLOW_LOOPBACK: true, LOG_LEVEL: 'silent' },
  () => NOW,
)

const sample = (schema: Schema, runs: number, seed = 13): unknown[] =>
  fc.sample(fitting(doc, schema), { seed, numRuns: runs })
const isId = (name: string, op: Operation) =>
  op.parameters?.some((p) => p.in === 'path' && p.name === name && p.schema.format === 'uuid') ?? false

/** Workspace A's objects, by the pool name of a path parameter: the resource after /v1/ for `id`, else its name. */
async function seedFirstWorkspace() {
  const json = async (method: string, url: string, body?: unknown, key?: string) => {
    const res = await ctx.call(method, url, {
      ...(body === undefined ? {} : { body }),
      ...(key === undefined ? {} : { key }),
    })
    if (res.statusCode >= 300) throw new Error(`seeding ${method} ${url}: ${res.statusCode} ${res.body}`)
    return res.json() as Record<string, any>
  }
  const webhook = await json('POST', '/v1/webhooks', { target_url: 'http://127.0.0.1:9/hook', events: ['*'] })
  const read = await json('POST', '/v1/api-keys', { name: 'reader', scopes: ['read'] })
  const write = await json('POST', '/v1/api-keys', { name: 'writer', scopes: ['write'] })
  const leads = []
  for (let i = 0; i < 3; i++)
    leads.push(await json('POST', '/v1/leads', { email: `a${i}@first.example`, need: { level: 'high' } }))
  const qualified = await json('POST', `/v1/leads/${leads[0]!.id}/qualify`, { override: { reason: 'isolation test' } })
  const prospectId = (qualified.prospect?.id ?? qualified.id) as string
  const stakeholder = await json('POST', `/v1/prospects/${prospectId}/stakeholders`, { name: 'Ann', role: 'champion' })
  const prospect2 = await json('POST', `/v1/leads/${leads[1]!.id}/qualify`, { override: { reason: 'isolation test' } })
  const prospect2Id = (prospect2.prospect?.id ?? prospect2.id) as string
  await json('POST', `/v1/prospects/${prospect2Id}/stakeholders`, { name: 'Bo', role: 'decision_maker' })
  const converted = await json('POST', `/v1/prospects/${prospect2Id}/convert`, {
    name: 'Deal',
    amount: '100.00',
    currency: 'EUR',
  })
  const mapping = await json('POST', '/v1/column-mappings', { name: 'crm', definition: { columns: { Mail: 'email' } } })
  const rubrics = (await json('GET', '/v1/rubrics')).data as { id: string }[]
  const deliveries = (await json('GET', `/v1/webhooks/${webhook.id}/deliveries`)).data as { id: string }[]
  // A finished job, so nothing changes in the background while the test compares snapshots.
  let job = await json('POST', '/v1/jobs/rescore')
  while (job.state === 'queued' || job.state === 'running') job = await json('GET', `/v1/jobs/${job.id}`)
  const events = (await json('GET', '/v1/events')).data as { id: string }[]
  const pool: Record<string, string> = {
    leads: leads[2]!.id,
    prospects: prospectId,
    sid: stakeholder.id,
    opportunities: converted.opportunity?.id ?? converted.id,
    rubrics: rubrics[0]!.id,
    'column-mappings': mapping.id,
    webhooks: webhook.id,
    did: deliveries[0]!.id,
    'api-keys': write.id,
    jobs: job.id as string,
  }
  const secrets = [
    ...Object.values(pool),
    ...leads.map((l) => l.id as string),
    ...leads.map((l) => l.email as string),
    ...events.map((e) => e.id),
  ]
  return { pool, secrets, readKey: read.key as string, writeKey: write.key as string }
}

const first = await seedFirstWorkspace()
const second = await ctx.newWorkspace('Second')
await ctx.call('POST', '/v1/leads', { key: second.adminKey, body: { email: 'b@second.example' } })

function urlFor({ path, op }: Op, ids: Record<string, string>): string {
  const resource = /^\/v1\/([^/]+)/.exec(path)?.[1] ?? ''
  const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (!isId(name, op)) {
      const schema = op.parameters!.find((p) => p.in === 'path' && p.name === name)!.schema
      return encodeURIComponent(String(sample(schema, 1)[0]))
    }
    const id = ids[name === 'id' ? resource : name]
    if (id === undefined)
      throw new Error(`no object of the first workspace for {${name}} in ${path}: add one to the seed`)
    return id
  })
  const required = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required === true)
  const query = required.map(
    (p) =>
      `${p.name}=${p.schema.format === 'date' ? (p.name === 'to' ? '2026-12-31' : '2026-01-01') : String(sample(p.schema, 1)[0])}`,
  )
  return query.length === 0 ? filled : `${filled}?${query.join('&')}`
}

/** Bodies that fit the operation's JSON schema, the empty object first when it fits. */
function bodiesFor(op: Operation): (unknown | undefined)[] {
  const schema = op.requestBody?.content['application/json']?.schema
  if (schema === undefined) return [undefined]
  return [{}, ...sample(schema, 12)]
}

const send = (method: string, url: string, key: string, body?: unknown) =>
  ctx.app.inject({
    method: method.toUpperCase() as 'GET',
    url,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  })

const withIds = operations.filter(({ path, op }) => [...path.matchAll(/\{(\w+)\}/g)].some((m) => isId(m[1]!, op)))
const reads = withIds.filter(({ method }) => method === 'get')

t.test("another workspace's admin key gets 404 on every id and changes nothing", async (t) => {
  t.ok(withIds.length >= 30, `${withIds.length} operations with an id`)
  const snapshot = async () =>
    Promise.all(
      reads.map(async (o) => {
        const res = await send('get', urlFor(o, first.pool), ctx.adminKey)
        return { name: o.name, status: res.statusCode, body: res.body }
      }),
    )
  const before = await snapshot()
  for (const read of before) t.equal(read.status, 200, `${read.name}: the owner sees it`)
  let attempts = 0
  for (const o of withIds) {
    let answer: { statusCode: number; body: string } | undefined
    // A body the schema accepts, so the answer comes from the lookup rather than validation.
    for (const body of bodiesFor(o.op)) {
      answer = await send(o.method, urlFor(o, first.pool), second.adminKey, body)
      attempts++
      if (answer.statusCode !== 400) break
    }
    t.equal(answer!.statusCode, 404, `${o.name}: ${answer!.body.slice(0, 200)}`)
    t.notMatch(answer!.body, /first\.example/, `${o.name} says nothing of the other workspace`)
  }
  t.same(await snapshot(), before, 'the first workspace is unchanged')
  t.comment(`${withIds.length} operations, ${attempts} attempts`)
})

t.test("lists, exports and reports never show another workspace's rows", async (t) => {
  const lists = operations.filter(
    ({ method, path, op }) => method === 'get' && !withIds.some((w) => w.op === op) && path.startsWith('/v1/'),
  )
  t.ok(lists.length >= 10, `${lists.length} list operations`)
  const own = await send('get', '/v1/leads', ctx.adminKey)
  t.match(own.body, first.secrets[0]!, 'the owner sees its own rows, so the probe can see them')
  for (const o of lists) {
    const res = await send('get', urlFor(o, {}), second.adminKey)
    t.equal(res.statusCode, 200, `${o.name}: ${res.body.slice(0, 200)}`)
    const leaked = first.secrets.filter((s) => res.body.includes(s))
    t.same(leaked, [], `${o.name} shows nothing of the first workspace`)
  }
})

t.test('a read key is refused on every write and admin operation, a write key on every admin one', async (t) => {
  const scoped = operations.filter(({ op }) => op['x-required-scope'] !== undefined)
  let probes = 0
  for (const o of scoped) {
    const needed = o.op['x-required-scope']!
    const url = urlFor(o, first.pool)
    const refused = (needed === 'read' ? [] : ['read']).concat(needed === 'admin' ? ['write'] : [])
    for (const scope of refused) {
      const res = await send(o.method, url, scope === 'read' ? first.readKey : first.writeKey)
      probes++
      t.equal(res.statusCode, 403, `${o.name} with a ${scope} key`)
      t.match(res.json(), { code: 'FORBIDDEN' })
    }
    // The scope the document names is enough: a read operation answers a read key (reads change nothing).
    if (o.method === 'get') {
      const res = await send(
        o.method,
        url,
        needed === 'read' ? first.readKey : needed === 'write' ? first.writeKey : ctx.adminKey,
      )
      t.not(res.statusCode, 403, `${o.name} with a ${needed} key`)
    }
  }
  t.ok(probes >= 40, `${probes} scope probes`)
  t.comment(`${probes} scope probes over ${scoped.length} operations`)
})
