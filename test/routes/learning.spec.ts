// Backtest and fit over HTTP: streamed NDJSON and CSV datasets, column mappings, the workspace source, and bad input.
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead } from '../fixtures.js'

const ctx = await buildTestApp(t)
const AS_OF = '2026-06-01T00:00:00Z'

// Strong leads (the example) mostly win, leads with only an email mostly lose: the default rubric should tell them apart.
const rows = Array.from({ length: 40 }, (_, i) => {
  const strong = i % 2 === 0
  const won = strong ? i % 10 !== 0 : i % 10 === 1
  const lead = strong ? { ...exampleLead, email: `s${i}@acme.io` } : { email: `w${i}@example.com` }
  return { lead, as_of: AS_OF, outcome: won ? 'won' : 'lost' }
})
const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')

const post = (url: string, body: string, type: string) =>
  ctx.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${ctx.adminKey}`, 'content-type': type },
    payload: body,
  })

t.test('an NDJSON backtest reports the metrics and what was read, skipped and used', async (t) => {
  const body = ndjson([...rows, { lead: { email: 'x@y.io' }, as_of: AS_OF }, '{"lead": 1'])
  const res = await post('/v1/rubrics/backtest', body, 'application/x-ndjson')
  t.equal(res.statusCode, 200, res.body)
  const { dataset, report } = res.json()
  t.same({ read: dataset.read, skipped: dataset.skipped, used: dataset.used }, { read: 42, skipped: 2, used: 40 })
  t.same(
    dataset.problems.map((p: { line: number }) => p.line),
    [41, 42],
  )
  t.match(dataset.problems[0].detail, '/outcome is required')
  t.equal(report.rows, 40)
  t.ok(report.auc.value > 0.7, `AUC ${report.auc.value}`)
  t.ok(report.brier >= 0 && report.brier <= 1)
  t.ok(report.deciles.length > 0 && report.rules.length > 0)
})

t.test('CSV with the import’s own columns, and CSV through a stored mapping, give the same report', async (t) => {
  const csvRows = rows.map((r) => [r.lead.email, 'seniority' in r.lead ? 'vp' : '', r.outcome === 'won' ? 'Y' : 'N'])
  const plain = await post(
    '/v1/rubrics/backtest',
    [
      'email,seniority,outcome,as_of',
      ...csvRows.map(([e, s, o]) => `${e},${s},${o === 'Y' ? 'won' : 'lost'},${AS_OF}`),
    ].join('\n'),
    'text/csv',
  )
  t.equal(plain.statusCode, 200, plain.body)
  const mapping = await ctx.call('POST', '/v1/column-mappings', {
    body: {
      name: 'crm export',
      definition: {
        columns: { Email: 'email', Level: 'seniority', Won: { to: 'outcome', values: { Y: 'won', N: 'lost' } } },
        null_values: ['Select'],
        constants: { as_of: AS_OF },
        unmapped: 'ignore',
      },
    },
  })
  t.equal(mapping.statusCode, 201, mapping.body)
  const mapped = await post(
    `/v1/rubrics/backtest?mapping_id=${mapping.json().id}`,
    ['Email,Level,Won,Noise', ...csvRows.map(([e, s, o]) => `${e},${s === '' ? 'Select' : s},${o},zz`)].join('\r\n'),
    'text/csv',
  )
  t.equal(mapped.statusCode, 200, mapped.body)
  t.same(mapped.json().report, plain.json().report)
  t.equal(mapped.json().dataset.used, 40)
})

t.test(
  'bad input is a problem: one class only, an unknown column, a bad mapping, options in the wrong place',
  async (t) => {
    const oneClass = await post(
      '/v1/rubrics/backtest',
      ndjson(rows.map((r) => ({ ...r, outcome: 'won' }))),
      'application/x-ndjson',
    )
    t.equal(oneClass.statusCode, 422)
    t.equal(oneClass.json().code, 'UNPROCESSABLE_DATASET')
    t.match(oneClass.json().detail, /only won rows/)
    t.equal(oneClass.json().dataset.used, 40)

    const nothingUsable = await post('/v1/rubrics/backtest', ndjson(['{}', '{"lead": {}}']), 'application/x-ndjson')
    t.equal(nothingUsable.statusCode, 422)
    t.match(nothingUsable.json().detail, /no usable row: 2 read, 2 skipped/)

    const unknownColumn = await post(
      '/v1/rubrics/backtest',
      `email,colour,outcome,as_of\na@b.io,red,won,${AS_OF}`,
      'text/csv',
    )
    t.equal(unknownColumn.statusCode, 400)
    t.match(unknownColumn.json().errors, [{ pointer: '/columns/1', detail: /unknown target "colour"/ }])

    const badMapping = await ctx.call('POST', '/v1/column-mappings', {
      body: {
        name: 'typo',
        definition: { columns: { Mail: 'emial', Size: { to: 'attributes.size', type: 'float' } } },
      },
    })
    t.equal(badMapping.statusCode, 400)
    const unknownTarget = await ctx.call('POST', '/v1/column-mappings', {
      body: { name: 'typo', definition: { columns: { Mail: 'emial' } } },
    })
    t.equal(unknownTarget.statusCode, 400)
    t.match(unknownTarget.json().errors, [{ pointer: '/definition/columns/Mail', detail: /unknown target "emial"/ }])

    const missingMapping = await post(
      '/v1/rubrics/backtest?mapping_id=00000000-0000-4000-8000-000000000000',
      'email\n',
      'text/csv',
    )
    t.equal(missingMapping.statusCode, 404)
    const mappingWithNdjson = await post(
      '/v1/rubrics/backtest?mapping_id=00000000-0000-4000-8000-000000000000',
      ndjson(rows),
      'application/x-ndjson',
    )
    t.equal(mappingWithNdjson.statusCode, 400)

    const queryWithJson = await ctx.call('POST', '/v1/rubrics/backtest?rubric_version=1', {
      body: { source: 'workspace' },
    })
    t.equal(queryWithJson.statusCode, 400)
    const wrongSource = await ctx.call('POST', '/v1/rubrics/backtest', { body: { source: 'crm' } })
    t.equal(wrongSource.statusCode, 400)
    t.match(wrongSource.json().errors, [{ pointer: '/source' }])
  },
)

t.test('source "workspace": outcomes come from the lifecycle, open leads are left out', async (t) => {
  const empty = await ctx.call('POST', '/v1/rubrics/backtest', { body: { source: 'workspace' } })
  t.equal(empty.statusCode, 422, 'no closed lead yet')
  const lead = async (email: string) =>
    (await ctx.call('POST', '/v1/leads', { body: { ...exampleLead, email } })).json().id as string
  const disqualified = await lead('lost@acme.io')
  t.equal(
    (await ctx.call('POST', `/v1/leads/${disqualified}/disqualify`, { body: { reason: 'no fit' } })).statusCode,
    200,
  )
  await lead('open@acme.io')
  const res = await ctx.call('POST', '/v1/rubrics/backtest', { body: { source: 'workspace' } })
  t.equal(res.statusCode, 422, 'only lost leads so far')
  t.match(res.json().dataset, { read: 2, skipped: 1, used: 1 })
  t.match(res.json().dataset.problems[0].detail, /is still open/)
})

t.test('a fit is stored as a draft version, not active, with its held-out backtest', async (t) => {
  const body = ndjson([...rows, ...rows.map((r, i) => ({ ...r, lead: { ...r.lead, email: `b${i}@x.io` } }))])
  const res = await post('/v1/rubrics/fit?seed=7&folds=3&holdout=0.3', body, 'application/x-ndjson')
  t.equal(res.statusCode, 201, res.body)
  const { rubric, dataset } = res.json()
  t.equal(dataset.used, 80)
  t.equal(rubric.draft, true)
  t.equal(rubric.active, false)
  t.ok(rubric.fit.cross_validation.folds === 3)
  t.equal(rubric.definition.calibration.method, 'platt', 'Platt unless asked otherwise')
  const isotonic = await post('/v1/rubrics/fit?seed=7&folds=3&calibration=isotonic', body, 'application/x-ndjson')
  t.equal(isotonic.statusCode, 201, isotonic.body)
  t.equal(isotonic.json().rubric.definition.calibration.method, 'isotonic')
  const badMethod = await post('/v1/rubrics/fit?calibration=beta', body, 'application/x-ndjson')
  t.equal(badMethod.statusCode, 400)
  t.match(badMethod.json().errors, [{ pointer: '/calibration' }])
  const listed = (await ctx.call('GET', '/v1/rubrics')).json().data
  t.ok(listed.some((r: { id: string; draft: boolean }) => r.id === rubric.id && r.draft))
  const oneClass = await post(
    '/v1/rubrics/fit',
    ndjson(rows.map((r) => ({ ...r, outcome: 'lost' }))),
    'application/x-ndjson',
  )
  t.equal(oneClass.statusCode, 422)
})

/** Every field a rubric definition reads, wherever its rules sit. */
function fieldsOf(definition: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(definition)) for (const item of definition) fieldsOf(item, into)
  else if (typeof definition === 'object' && definition !== null)
    for (const [key, value] of Object.entries(definition)) {
      if (key === 'field' && typeof value === 'string') into.add(value)
      else fieldsOf(value, into)
    }
  return into
}

t.test('a fit can start from a stored rubric version: its rules are the candidates', async (t) => {
  const stored = await ctx.call('POST', '/v1/rubrics', { body: { template: 'meddic' } })
  t.equal(stored.statusCode, 201, stored.body)
  const { id, name, definition } = stored.json()
  const body = ndjson([...rows, ...rows.map((r, i) => ({ ...r, lead: { ...r.lead, email: `m${i}@x.io` } }))])
  const res = await post(
    `/v1/rubrics/fit?rubric_id=${id}&rubric_version=1&seed=3&folds=3`,
    body,
    'application/x-ndjson',
  )
  t.equal(res.statusCode, 201, res.body)
  const fitted = res.json().rubric
  t.equal(fitted.name, `${name} (fitted)`)
  t.equal(fitted.draft, true)
  t.not(fitted.id, id, 'a fit starts a new rubric; the stored one is unchanged')
  const candidates = fieldsOf(definition)
  const used = [...fieldsOf(fitted.definition.criteria)]
  t.ok(used.length > 0)
  t.ok(
    used.every((f) => candidates.has(f)),
    `fitted fields ${used.join(', ')} are among the stored rubric's`,
  )

  const unknown = await post(
    '/v1/rubrics/fit?rubric_id=00000000-0000-4000-8000-000000000000',
    body,
    'application/x-ndjson',
  )
  t.equal(unknown.statusCode, 404)
  const both = await post(`/v1/rubrics/fit?rubric_id=${id}&template=champ`, body, 'application/x-ndjson')
  t.equal(both.statusCode, 400)
  t.match(both.json().errors, [{ pointer: '/template' }, { pointer: '/rubric_id' }])
  const versionAlone = await post('/v1/rubrics/fit?rubric_version=1', body, 'application/x-ndjson')
  t.equal(versionAlone.statusCode, 400)
})

t.test('source "workspace": a fit learns from the workspace’s won and lost leads', async (t) => {
  const { adminKey: key } = await ctx.newWorkspace('fit from outcomes')
  const call = (url: string, body: unknown) => ctx.call('POST', url, { key, body })
  const created = async (lead: object) => (await call('/v1/leads', lead)).json().id as string
  for (let i = 0; i < 8; i++) {
    const lead = await created({ ...exampleLead, email: `won${i}@acme.io` })
    const qualified = await call(`/v1/leads/${lead}/qualify`, { override: { reason: 'test' } })
    const prospect = qualified.json().prospect.id
    await call(`/v1/prospects/${prospect}/stakeholders`, { name: 'Ana', role: 'economic_buyer' })
    const converted = await call(`/v1/prospects/${prospect}/convert`, {
      name: 'Deal',
      amount: '1000.00',
      currency: 'EUR',
    })
    t.equal((await call(`/v1/opportunities/${converted.json().opportunity.id}/win`, {})).statusCode, 200)
    const weak = await created({ email: `lost${i}@example.com` })
    t.equal((await call(`/v1/leads/${weak}/disqualify`, { reason: 'no fit' })).statusCode, 200)
  }
  await created({ email: 'open@example.com' })

  const res = await call('/v1/rubrics/fit', { source: 'workspace', folds: 2, holdout: 0, seed: 5, name: 'Ours' })
  t.equal(res.statusCode, 201, res.body)
  const { dataset, rubric } = res.json()
  t.match(dataset, { read: 17, skipped: 1, used: 16 })
  t.match(rubric, { name: 'Ours', draft: true, active: false })
  t.equal(rubric.fit.rows.training, 16)
  t.ok(rubric.fit.cross_validation.auc > 0.9, `cv AUC ${rubric.fit.cross_validation.auc}`)

  const fromStored = await call('/v1/rubrics/fit', { source: 'workspace', rubric_id: rubric.id, folds: 2, holdout: 0 })
  t.equal(fromStored.statusCode, 201, fromStored.body)
  t.equal(fromStored.json().rubric.name, 'Ours (fitted)', 'a refit is named after its base, not "(fitted) (fitted)"')

  const both = await call('/v1/rubrics/fit', { source: 'workspace', rubric_id: rubric.id, base: { template: 'champ' } })
  t.equal(both.statusCode, 400)
  t.match(both.json().errors, [{ pointer: '/base' }, { pointer: '/rubric_id' }])
  const queryToo = await ctx.call('POST', '/v1/rubrics/fit?seed=2', { key, body: { source: 'workspace' } })
  t.equal(queryToo.statusCode, 400)
  t.match(queryToo.json().errors, [{ pointer: '/seed', in: 'querystring' }])
})
