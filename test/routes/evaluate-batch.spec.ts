// Bulk what-if scoring over HTTP: per-item answers equal single evaluations, bad items fail alone, bounds hold.
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead, NOW, replyFrom } from '../fixtures.js'

const ctx = await buildTestApp(t)
const batch = (body: unknown) => ctx.call('POST', '/v1/qualifications/evaluate/batch', { body })
const asOf = NOW.toISOString()

t.test('each item is scored exactly as the single evaluation scores it', async (t) => {
  const items = [
    { lead: exampleLead, activities: [replyFrom(3)] },
    { lead: { email: 'weak@example.com' } },
    { lead: exampleLead, as_of: new Date(NOW.getTime() + 90 * 86_400_000).toISOString(), activities: [replyFrom(3)] },
  ]
  const res = await batch({ items, as_of: asOf })
  t.equal(res.statusCode, 200)
  const { results, summary } = res.json()
  t.same(summary, { ok: 3, error: 0 })
  for (const [i, item] of items.entries()) {
    const single = await ctx.call('POST', '/v1/qualifications/evaluate', { body: { as_of: asOf, ...item } })
    t.same(results[i], { index: i, result: 'ok', evaluation: single.json() }, `item ${i}`)
  }
  t.ok(results[0].evaluation.total > results[1].evaluation.total)
})

t.test('a bad item is answered with its errors and does not block the others', async (t) => {
  const res = await batch({
    items: [{ lead: { first_name: 'no email' } }, { lead: exampleLead }, { lead: exampleLead, extra: 1 }],
    as_of: asOf,
  })
  t.equal(res.statusCode, 200)
  const { results, summary } = res.json()
  t.same(summary, { ok: 1, error: 2 })
  t.match(results[0], { index: 0, result: 'error', errors: [{ pointer: '/items/0/lead/email' }] })
  t.equal(results[1].result, 'ok')
  t.match(results[2], { result: 'error', errors: [{ pointer: '/items/2/extra', detail: 'is not an allowed field' }] })
  const notObject = await batch({ items: [{ lead: exampleLead }, 'text'] })
  t.equal(notObject.statusCode, 400, 'an item must at least be an object')
  t.match(notObject.json().errors, [{ pointer: '/items/1' }])
})

t.test('the rubric is the call’s: inline, stored, or a problem for the whole call', async (t) => {
  const champ = (await ctx.call('GET', '/v1/rubric-templates'))
    .json()
    .data.find((x: { key: string }) => x.key === 'champ')
  const inline = (await batch({ items: [{ lead: exampleLead }], rubric: champ.definition })).json()
  t.same(inline.results[0].evaluation.rubric, { id: 'inline', version: 1 })
  const badRubric = await batch({ items: [{ lead: exampleLead }], rubric: { name: 'x' } })
  t.equal(badRubric.statusCode, 400)
  t.ok(badRubric.json().errors.every((e: { pointer: string }) => e.pointer.startsWith('/rubric')))
  const unknown = await batch({ items: [{ lead: exampleLead }], rubric_id: '00000000-0000-4000-8000-000000000000' })
  t.equal(unknown.statusCode, 404)
})

t.test('bounds: no items, more than 1,000 items, a version without a rubric id', async (t) => {
  const empty = await batch({ items: [] })
  t.equal(empty.statusCode, 400)
  t.match(empty.json().errors, [{ pointer: '/items' }])
  const tooMany = await batch({ items: Array.from({ length: 1001 }, () => ({ lead: { email: 'a@b.co' } })) })
  t.equal(tooMany.statusCode, 400)
  t.match(tooMany.json().errors, [{ pointer: '/items' }])
  const full = await batch({ items: Array.from({ length: 1000 }, (_, i) => ({ lead: { email: `l${i}@b.co` } })) })
  t.equal(full.statusCode, 200)
  t.equal(full.json().summary.ok, 1000)
  const versionOnly = await batch({ items: [{ lead: exampleLead }], rubric_version: 1 })
  t.equal(versionOnly.statusCode, 400)
})
