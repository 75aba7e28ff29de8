// Rubric versions over HTTP: default rubric, templates, immutable versions, activation, bad rubrics.
import t from 'tap'
import { buildTestApp } from '../helper.js'

const ctx = await buildTestApp(t)
const { call } = ctx

const templatesRes = (await call('GET', '/v1/rubric-templates')).json().data
const template = (key: string) => templatesRes.find((x: { key: string }) => x.key === key).definition

t.test('templates: BANT + fit, CHAMP and MEDDIC', async (t) => {
  t.same(templatesRes.map((x: { key: string }) => x.key).sort(), ['bant_fit', 'champ', 'meddic'])
  t.same(Object.keys(template('bant_fit').criteria).sort(), ['authority', 'budget', 'fit', 'need', 'timeline'])
})

t.test('a new workspace starts with the default rubric active', async (t) => {
  const list = (await call('GET', '/v1/rubrics')).json().data
  t.equal(list.length, 1)
  t.equal(list[0].active, true)
  t.equal(list[0].version, 1)
  t.same(list[0].definition, template('bant_fit'))
})

t.test('a change creates a new version; old versions stay as they were; activation moves', async (t) => {
  const first = (await call('GET', '/v1/rubrics')).json().data[0]
  const changed = {
    ...first.definition,
    thresholds: { ...first.definition.thresholds, qualify: first.definition.thresholds.qualify + 5 },
  }
  const created = await call('POST', '/v1/rubrics', { body: { rubric_id: first.id, definition: changed } })
  t.equal(created.statusCode, 201)
  t.match(created.json(), { id: first.id, version: 2, active: false })

  const v1 = (await call('GET', `/v1/rubrics/${first.id}?version=1`)).json()
  t.same(v1.definition, first.definition, 'version 1 is unchanged')
  t.same(v1.versions, [1, 2])
  t.equal((await call('GET', `/v1/rubrics/${first.id}`)).json().version, 2, 'without ?version the newest')

  const activated = await call('POST', `/v1/rubrics/${first.id}/activate`, { body: { version: 2 } })
  t.equal(activated.statusCode, 200)
  const active = (await call('GET', '/v1/rubrics')).json().data.filter((r: { active: boolean }) => r.active)
  t.same(
    active.map((r: { version: number }) => r.version),
    [2],
    'exactly one active version',
  )
})

t.test('a rubric from a template, activated on creation', async (t) => {
  const res = await call('POST', '/v1/rubrics', { body: { template: 'meddic', activate: true } })
  t.equal(res.statusCode, 201)
  t.match(res.json(), { version: 1, active: true, name: template('meddic').name })
  const active = (await call('GET', '/v1/rubrics')).json().data.filter((r: { active: boolean }) => r.active)
  t.equal(active.length, 1)
  t.equal(active[0].id, res.json().id)
})

t.test('bad rubrics are 400 problems pointing at the field', async (t) => {
  const base = template('bant_fit')
  const cases: [string, unknown, string][] = [
    [
      'weights that do not add up',
      { ...base, criteria: { ...base.criteria, fit: { ...base.criteria.fit, weight: base.criteria.fit.weight + 7 } } },
      '/definition',
    ],
    ['an unknown required criterion', { ...base, required: ['budget', 'astrology'] }, '/definition/required/1'],
    [
      'thresholds out of order',
      { ...base, thresholds: { ...base.thresholds, grades: { A: 40, B: 60, C: 20 } } },
      '/definition/thresholds/grades',
    ],
    [
      'an unknown rule kind',
      {
        ...base,
        criteria: {
          ...base.criteria,
          fit: { ...base.criteria.fit, rules: [{ kind: 'vibes', field: 'seniority', points: 10 }] },
        },
      },
      '/definition/criteria/fit/rules/0',
    ],
  ]
  for (const [name, definition, pointer] of cases) {
    const res = await call('POST', '/v1/rubrics', { body: { definition } })
    t.equal(res.statusCode, 400, name)
    t.match(res.headers['content-type'], /problem\+json/)
    const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer)
    t.ok(
      pointers.some((p: string) => p.startsWith(pointer)),
      `${name}: ${pointers.join(', ')} names ${pointer}`,
    )
  }
  t.equal(
    (await call('POST', '/v1/rubrics', { body: { template: 'champ', definition: base } })).statusCode,
    400,
    'both template and definition',
  )
  t.equal((await call('POST', '/v1/rubrics', { body: {} })).statusCode, 400, 'neither')
})

t.test('rubrics need admin to change, and are per workspace', async (t) => {
  const writer = (await call('POST', '/v1/api-keys', { body: { name: 'w', scopes: ['write'] } })).json().key
  t.equal((await call('POST', '/v1/rubrics', { key: writer, body: { template: 'champ' } })).statusCode, 403)
  const other = await ctx.newWorkspace('Other')
  const mine = (await call('GET', '/v1/rubrics')).json().data[0]
  t.equal((await call('GET', `/v1/rubrics/${mine.id}`, { key: other.adminKey })).statusCode, 404)
  t.equal((await call('POST', `/v1/rubrics/${mine.id}/activate`, { key: other.adminKey, body: {} })).statusCode, 404)
  t.equal(
    (await call('POST', '/v1/rubrics', { key: other.adminKey, body: { rubric_id: mine.id, template: 'champ' } }))
      .statusCode,
    404,
  )
})
