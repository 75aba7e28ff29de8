// Bulk leads: batch upsert item by item, streamed NDJSON/CSV import, streamed export, and a CSV round trip.
import { Readable } from 'node:stream'
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead, NOW } from '../fixtures.js'

const ctx = await buildTestApp(t, {}, () => NOW)
const { call } = ctx
const batch = (leads: unknown, headers: Record<string, string> = {}) =>
  call('POST', '/v1/leads/batch/upsert', { body: { leads }, headers })
const upload = (contentType: string, payload: string | Readable, headers: Record<string, string> = {}) =>
  ctx.app.inject({
    method: 'POST',
    url: '/v1/leads/import',
    payload,
    headers: { authorization: `Bearer ${ctx.adminKey}`, 'content-type': contentType, ...headers },
  })
const lines = (body: string) =>
  body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l))
const leadByEmail = async (email: string) =>
  (await call('GET', `/v1/leads?email=${encodeURIComponent(email)}`)).json().data[0]

t.test('batch: each item succeeds or fails on its own, in order', async (t) => {
  await call('POST', '/v1/leads', { body: { email: 'kept@batch.io', title: 'CTO' } })
  const res = await batch([
    { ...exampleLead, email: 'new@batch.io' },
    { email: 'not-an-email', company: { employee_count: '250' }, colour: 'red' },
    { email: 'kept@batch.io', title: 'CTO' },
    { email: 'NEW@batch.io', title: 'COO' },
    { email: 'no-dot@localhost' },
  ])
  t.equal(res.statusCode, 200)
  const { results, summary } = res.json()
  t.same(summary, { created: 1, updated: 1, unchanged: 1, error: 2 })
  t.match(results[0], { index: 0, result: 'created', id: String })
  t.same(results[1], {
    index: 1,
    result: 'error',
    errors: [
      { pointer: '/leads/1/colour', detail: 'is not an allowed field' },
      { pointer: '/leads/1/email', detail: 'must match format "email"' },
      { pointer: '/leads/1/company/employee_count', detail: 'must be integer' },
    ],
  })
  t.match(results[2], { index: 2, result: 'unchanged' })
  t.same(
    results[3],
    { index: 3, result: 'updated', id: results[0].id },
    'a later item with the same email updates the earlier one',
  )
  t.match(results[4], { result: 'error', errors: [{ pointer: '/leads/4/email' }] })
  t.equal((await leadByEmail('new@batch.io')).title, 'COO')
  t.notOk(await leadByEmail('not-an-email'))
})

t.test('batch items are checked exactly as the single upsert body is', async (t) => {
  const samples = [
    { email: 'a@b' },
    { email: 'A@B.CO' },
    { email: 'x@y.io', timeline: { purchase_by: '2027-02-30' } },
    { email: 'x@y.io', company: { domain: 'bad_domain!' } },
    { email: 'x@y.io', budget: { amount: '10.00' } },
    { email: 'x@y.io', attributes: { '1st': 'x' } },
    { email: 'x@y.io', need: { pain_points: [''] } },
    { email: 7 },
  ]
  const items = (await batch(samples)).json().results
  for (const [i, sample] of samples.entries()) {
    const single = await call('POST', '/v1/leads/upsert', { body: sample })
    const singleErrors =
      single.statusCode === 400 ? single.json().errors.map((e: { pointer: string }) => e.pointer) : []
    const itemErrors =
      items[i].result === 'error'
        ? items[i].errors.map((e: { pointer: string }) => e.pointer.replace(`/leads/${i}`, ''))
        : []
    t.same(itemErrors, singleErrors, JSON.stringify(sample))
  }
})

t.test('batch: the envelope itself is validated as usual', async (t) => {
  t.equal((await call('POST', '/v1/leads/batch/upsert', { body: {} })).statusCode, 400)
  t.equal((await call('POST', '/v1/leads/batch/upsert', { body: { leads: {} } })).statusCode, 400)
  t.equal((await batch([])).statusCode, 400)
  const tooMany = await batch(Array.from({ length: 101 }, (_, i) => ({ email: `m${i}@batch.io` })))
  t.match(tooMany.json(), { status: 400, errors: [{ pointer: '/leads' }] })
  t.match(
    (await batch(['x@batch.io'])).json(),
    { status: 400, errors: [{ pointer: '/leads/0' }] },
    'an item must be an object',
  )
  t.notOk(await leadByEmail('m0@batch.io'))
})

t.test('batch: a retry with the same Idempotency-Key replays the answer', async (t) => {
  const leads = [{ email: 'idem1@batch.io' }, { email: 'bad' }]
  const first = await batch(leads, { 'idempotency-key': 'batch-1' })
  const lead = await leadByEmail('idem1@batch.io')
  const again = await batch(leads, { 'idempotency-key': 'batch-1' })
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.equal(again.body, first.body)
  t.equal(again.json().results[0].result, 'created', 'the replay is the first answer, not "unchanged"')
  t.equal((await leadByEmail('idem1@batch.io')).version, lead.version)
  t.equal((await batch([{ email: 'idem2@batch.io' }], { 'idempotency-key': 'batch-1' })).statusCode, 422)
})

t.test('import NDJSON: one result line per row as it goes, then the summary', async (t) => {
  const body = [
    JSON.stringify({ ...exampleLead, email: 'n1@import.io' }),
    '',
    '{"email": "n2@import.io", "title": ',
    JSON.stringify({ email: 'n3@import.io', seniority: 'emperor' }),
    JSON.stringify({ email: 'N1@import.io', title: 'CEO' }),
    '  [1, 2]  ',
  ].join('\r\n')
  const res = await upload('application/x-ndjson', body)
  t.equal(res.statusCode, 200)
  t.equal(res.headers['content-type'], 'application/x-ndjson')
  const out = lines(res.body)
  t.match(out[0], { index: 0, line: 1, result: 'created', id: String })
  t.match(out[1], { index: 1, line: 3, result: 'error', errors: [{ pointer: '/', detail: /^not valid JSON/ }] })
  t.match(out[2], { index: 2, line: 4, result: 'error', errors: [{ pointer: '/seniority' }] })
  t.same(out[3], { index: 3, line: 5, result: 'updated', id: out[0].id })
  t.match(out[4], { index: 4, line: 6, result: 'error', errors: [{ pointer: '/', detail: 'must be object' }] })
  t.same(out[5], { summary: { created: 1, updated: 1, unchanged: 0, error: 3 } })
  t.equal((await leadByEmail('n1@import.io')).title, 'CEO')
})

t.test('import CSV: dotted columns, typed cells, empty cells absent, bad rows reported', async (t) => {
  const body =
    [
      'email,first_name,title,company.name,company.employee_count,need.pain_points,budget.amount,budget.currency,attributes.crm,,',
      'c1@import.io,Ana,"VP, Operations",Acme,250,manual routing|slow reports,50000.00,EUR,hubspot,,',
      'c2@import.io,Bo,,Beta,many,,,,,,',
      'c3@import.io,Cy',
      'c4@import.io,,,,,,10.00,eur,,,',
      'c5@import.io,,,,,,,,,,',
    ].join('\r\n') + '\r\n'
  const res = await upload('text/csv; charset=utf-8', body)
  t.equal(res.statusCode, 200)
  const out = lines(res.body)
  t.match(out.slice(0, 5), [
    { index: 0, line: 2, result: 'created' },
    { index: 1, line: 3, result: 'error', errors: [{ pointer: '/company/employee_count', detail: 'must be integer' }] },
    {
      index: 2,
      line: 4,
      result: 'error',
      errors: [{ pointer: '/', detail: 'the row has 2 cells; the header has 11' }],
    },
    { index: 3, line: 5, result: 'error', errors: [{ pointer: '/budget/currency' }] },
    { index: 4, line: 6, result: 'created' },
  ])
  t.same(out[5], { summary: { created: 2, updated: 0, unchanged: 0, error: 3 } })
  t.match(await leadByEmail('c1@import.io'), {
    first_name: 'Ana',
    title: 'VP, Operations',
    company: { name: 'Acme', employee_count: 250 },
    need: { pain_points: ['manual routing', 'slow reports'] },
    budget: { amount: '50000.00', currency: 'EUR' },
    attributes: { crm: 'hubspot' },
  })
  const bare = await leadByEmail('c5@import.io')
  t.notOk('company' in bare || 'first_name' in bare, 'empty cells are absent fields')
})

t.test('import CSV: a wrong header is a 400 before anything is written', async (t) => {
  const res = await upload('text/csv', 'email,colour,attributes.1st,email\nh1@import.io,red,x,h1@import.io\n')
  t.equal(res.statusCode, 400)
  t.same(
    res.json().errors.map((e: { pointer: string }) => e.pointer),
    ['/columns/1', '/columns/2', '/columns/3'],
  )
  t.match((await upload('text/csv', 'first_name\nAna\n')).json(), { status: 400, detail: /no "email" column/ })
  t.equal((await upload('text/csv', '')).statusCode, 400)
  t.notOk(await leadByEmail('h1@import.io'))
})

t.test('import: a body that cannot be read on ends with the rows answered so far and the reason', async (t) => {
  // The broken part arrives later, as over a network, after the first row has been answered.
  const later = (first: string, rest: string) =>
    Readable.from(
      (async function* () {
        yield first
        await new Promise((resolve) => setTimeout(resolve, 300))
        yield rest
      })(),
    )
  const csv = await upload('text/csv', later('email\nq1@import.io\n', '"q2@import.io\n'))
  t.match(lines(csv.body), [
    { index: 0, result: 'created' },
    { summary: { created: 1 }, aborted: { detail: /^CSV: Quote Not Closed/ } },
  ])
  const endless = await upload(
    'application/x-ndjson',
    later('{"email":"q3@import.io"}\n', `{"email":"${'x'.repeat(1024 * 1024 + 10)}`),
  )
  t.match(lines(endless.body), [
    { result: 'created' },
    { summary: { created: 1 }, aborted: { line: 2, detail: /longer than/ } },
  ])
  t.match(
    (await upload('text/csv', 'email\n"q4@import.io\n')).json(),
    { status: 400, code: 'MALFORMED_BODY' },
    'broken before the first row: a 400',
  )
  const long = await upload(
    'application/x-ndjson',
    `{"email":"${'x'.repeat(1024 * 1024 + 10)}"}\n{"email":"q5@import.io"}\n`,
  )
  t.match(lines(long.body), [
    { result: 'error', errors: [{ detail: /longer than/ }] },
    { result: 'created' },
    { summary: { error: 1, created: 1 } },
  ])
})

t.test('import: only NDJSON and CSV are accepted; an Idempotency-Key is harmless', async (t) => {
  for (const type of ['application/json', 'text/plain', 'application/xml']) {
    const res = await upload(type, '{"email":"j@import.io"}')
    t.equal(res.statusCode, 415, type)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.equal(res.json().code, 'UNSUPPORTED_MEDIA_TYPE')
  }
  const first = await upload('application/x-ndjson', '{"email":"k@import.io"}', { 'idempotency-key': 'import-1' })
  const again = await upload('application/x-ndjson', '{"email":"k@import.io"}', { 'idempotency-key': 'import-1' })
  t.match(lines(first.body)[0], { result: 'created' })
  t.match(lines(again.body)[0], { result: 'unchanged' }, 're-running an import is safe: it is not replayed')
})

t.test('export NDJSON and CSV with the list filters', async (t) => {
  const mine = await batch(
    ['e1', 'e2', 'e3'].map((n) => ({ email: `${n}@export.io`, owner: 'exporter', source: 'referral' })),
  )
  await batch([
    { email: 'e4@export.io', owner: 'exporter', source: 'webinar' },
    { email: 'e5@export.io', owner: 'someone else' },
  ])
  const nd = await call('GET', '/v1/leads/export?owner=exporter&source=referral')
  t.equal(nd.statusCode, 200)
  t.equal(nd.headers['content-type'], 'application/x-ndjson')
  const leads = lines(nd.body)
  t.same(
    leads.map((l) => l.email),
    ['e3@export.io', 'e2@export.io', 'e1@export.io'],
    'newest first',
  )
  t.same(
    leads.map((l) => l.id).sort(),
    mine
      .json()
      .results.map((r: { id: string }) => r.id)
      .sort(),
  )
  t.match(leads[0], { status: 'new', owner: 'exporter', score: { total: Number }, version: 1 })

  const csv = await call('GET', '/v1/leads/export?format=csv&owner=exporter')
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8')
  t.match(csv.headers['content-disposition'], /leads\.csv/)
  const [header, ...rows] = csv.body.trimEnd().split('\n')
  t.match(
    header,
    /^id,email,.*,company\.employee_count,.*,need\.pain_points,.*,status,score\.total,score\.grade,created_at,updated_at$/,
  )
  t.equal(rows.length, 4)
  t.equal((await call('GET', '/v1/leads/export?format=xml')).statusCode, 400)
  t.equal((await call('GET', '/v1/leads/export?limit=5')).statusCode, 400, 'no pagination: it is all of them')
})

t.test('a CSV export re-imports cleanly: every row unchanged', async (t) => {
  const owner = 'round-trip'
  await batch([
    { ...exampleLead, email: 'rt1@trip.io', owner },
    {
      email: 'rt2@trip.io',
      owner,
      first_name: 'Zoë "Z" O\'Neil',
      title: 'Line 1\nline 2, with comma',
      attributes: { crm: 'none', region: 'EMEA' },
    },
    {
      email: 'rt3@trip.io',
      owner,
      need: { level: 'low', pain_points: ['a', 'b', 'c'] },
      company: { employee_count: 0, country: 'FR' },
    },
  ])
  const csv = await call('GET', `/v1/leads/export?format=csv&owner=${owner}`)
  t.match(csv.body.split('\n')[0], /attributes\.crm,attributes\.region/)
  const again = await upload('text/csv', csv.body)
  const out = lines(again.body)
  t.same(out.at(-1), { summary: { created: 0, updated: 0, unchanged: 3, error: 0 } })
  const exported = lines((await call('GET', `/v1/leads/export?owner=${owner}`)).body)
  const inputs = exported.map(
    ({ id: _i, status: _s, score: _c, version: _v, created_at: _a, updated_at: _u, ...input }) => JSON.stringify(input),
  )
  const reimported = await upload('application/x-ndjson', inputs.join('\n'))
  t.same(
    lines(reimported.body).at(-1),
    { summary: { created: 0, updated: 0, unchanged: 3, error: 0 } },
    'and so does NDJSON, less the read-only fields',
  )
})

t.test(
  "import: a row PostgreSQL cannot store (a NUL character) is that row's error, not a failed import",
  async (t) => {
    const res = await upload(
      'application/x-ndjson',
      '{"email":"nul1@import.io"}\n{"email":"nul2@import.io","title":"a\\u0000b"}\n{"email":"nul3@import.io"}\n',
    )
    t.equal(res.statusCode, 200)
    const [first, second, third, summary] = lines(res.body)
    t.match(first, { result: 'created' })
    t.match(second, { result: 'error', errors: [{ pointer: '/title' }] })
    t.match(third, { result: 'created' })
    t.same(summary.summary, { created: 2, updated: 0, unchanged: 0, error: 1 })
  },
)

t.test('import: chunks written side by side keep each lead’s changes in row order', async (t) => {
  // Three chunks of 500 rows: the second shares no lead with the first, so both are written at once; the third
  // updates half of the first chunk's leads, so it waits for that chunk's commit.
  const row = (i: number, title: string) => JSON.stringify({ email: `side${i}@import.io`, title })
  const rows = [
    ...Array.from({ length: 1000 }, (_, i) => row(i, 'Analyst')),
    ...Array.from({ length: 500 }, (_, i) => row(i < 250 ? i : 1000 + i, 'Director')),
  ]
  const res = await upload('application/x-ndjson', rows.join('\n'))
  t.equal(res.statusCode, 200)
  const out = lines(res.body)
  t.same(
    out.slice(0, -1).map((l) => l.index),
    rows.map((_, i) => i),
    'one answer per row, in row order',
  )
  t.same(out.at(-1).summary, { created: 1250, updated: 250, unchanged: 0, error: 0 })
  t.equal(out[1000].id, out[0].id, 'the repeated email updated the lead the first chunk created')
  t.equal(out[1000].result, 'updated')
  t.equal((await leadByEmail('side0@import.io')).title, 'Director')
  t.equal((await leadByEmail('side999@import.io')).title, 'Analyst')

  const seqs = new Map<string, Record<string, number>>()
  let cursor = ''
  for (let more = true; more;) {
    const page = (await call('GET', `/v1/events?limit=100${cursor}`)).json()
    for (const e of page.data as { type: string; seq: number; data: { email?: string } }[])
      if (e.data.email?.startsWith('side') === true)
        seqs.set(e.data.email, { ...seqs.get(e.data.email), [e.type]: e.seq })
    more = page.has_more
    cursor = `&starting_after=${page.next_cursor}`
  }
  const reordered = [...seqs.values()].filter(
    (s) => s['lead.updated'] !== undefined && !(s['lead.created']! < s['lead.updated']),
  )
  t.same(reordered, [], "each updated lead's lead.created is numbered before its lead.updated")
  t.equal([...seqs.values()].filter((s) => s['lead.updated'] !== undefined).length, 250)
  t.equal(seqs.size, 1250, 'one event stream per lead')
})

t.test('import: ledger rows written in batches take ordered ids, as every other row does', async (t) => {
  const res = await upload('application/x-ndjson', [0, 1, 2].map((i) => `{"email":"ordered${i}@import.io"}`).join('\n'))
  const ids = lines(res.body)
    .slice(0, 3)
    .map((l) => l.id as string)
  const ledger: string[] = []
  for (const id of ids)
    ledger.push(...(await call('GET', `/v1/leads/${id}/history`)).json().data.map((e: { id: string }) => e.id))
  t.equal(ledger.length, 3)
  t.ok(
    ledger.every((id) => id[14] === '7'),
    'UUIDv7, not the database default (random v4)',
  )
  t.same([...ledger].sort(), ledger, 'increasing in the order they were written')
})
