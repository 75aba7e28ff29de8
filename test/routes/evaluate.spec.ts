// What-if evaluation over HTTP: the contract's acceptance scenarios, rubric choice, as_of, and nothing written.
import t from 'tap'
import { buildTestApp } from '../helper.js'
import { exampleLead, NOW, replyFrom } from '../fixtures.js'

const ctx = await buildTestApp(t)
const evaluate = (body: unknown) => ctx.call('POST', '/v1/qualifications/evaluate', { body })

t.test('the example lead with one recent inbound reply is qualified, and every point is explained', async (t) => {
  const res = await evaluate({ lead: exampleLead, activities: [replyFrom(3)], as_of: NOW.toISOString() })
  t.equal(res.statusCode, 200)
  const e = res.json()
  t.equal(e.decision, 'qualified')
  t.same(e.blocking, [])
  t.same(Object.keys(e.criteria).sort(), ['authority', 'budget', 'fit', 'need', 'timeline'])
  const sum =
    Object.values(e.criteria as Record<string, { contribution: number }>).reduce((s, c) => s + c.contribution, 0) +
    e.engagement.contribution
  t.equal(Math.round(sum * 100), Math.round(e.total * 100), 'contributions add up to the total')
  for (const [name, c] of Object.entries(e.criteria as Record<string, { score: number; reasons: unknown[] }>)) {
    if (c.score > 0) t.ok(c.reasons.length > 0, `${name} explains its score`)
  }
  t.equal(e.engagement.activities.length, 1)
  t.equal(e.evaluated_at, NOW.toISOString())
  t.equal(e.rubric.version, 1)
})

t.test('the same lead with only an email is not qualified and says what to find out', async (t) => {
  const e = (await evaluate({ lead: { email: exampleLead.email }, as_of: NOW.toISOString() })).json()
  t.not(e.decision, 'qualified')
  t.ok(e.blocking.length > 0)
  const missing = e.blocking
    .filter((b: { code: string }) => b.code === 'criterion_missing')
    .map((b: { criterion: string }) => b.criterion)
  t.ok(
    missing.includes('budget') &&
      missing.includes('authority') &&
      missing.includes('need') &&
      missing.includes('timeline'),
    missing.join(','),
  )
})

t.test('CHAMP and MEDDIC inline, and a stored rubric by id and version', async (t) => {
  const templates = (await ctx.call('GET', '/v1/rubric-templates')).json().data
  for (const key of ['champ', 'meddic']) {
    const rubric = templates.find((x: { key: string }) => x.key === key).definition
    const e = (
      await evaluate({ lead: exampleLead, activities: [replyFrom(3)], rubric, as_of: NOW.toISOString() })
    ).json()
    t.same(Object.keys(e.criteria).sort(), Object.keys(rubric.criteria).sort(), `${key} scores its own criteria`)
    t.equal(e.rubric.id, 'inline')
  }
  const stored = await ctx.call('POST', '/v1/rubrics', { body: { template: 'champ' } })
  const e = (await evaluate({ lead: exampleLead, rubric_id: stored.json().id, rubric_version: 1 })).json()
  t.same(e.rubric, { id: stored.json().id, version: 1 })
})

t.test('as_of moves time: an old reply counts less', async (t) => {
  const soon = (await evaluate({ lead: exampleLead, activities: [replyFrom(3)], as_of: NOW.toISOString() })).json()
  const later = (
    await evaluate({
      lead: exampleLead,
      activities: [replyFrom(3)],
      as_of: new Date(NOW.getTime() + 90 * 86_400_000).toISOString(),
    })
  ).json()
  t.ok(later.engagement.score < soon.engagement.score)
})

t.test('bad input is a problem naming the field; an inline bad rubric points into it', async (t) => {
  const noEmail = await evaluate({ lead: { first_name: 'Ana' } })
  t.equal(noEmail.statusCode, 400)
  t.match(noEmail.json().errors, [{ pointer: '/lead/email' }])
  const floatMoney = await evaluate({
    lead: { ...exampleLead, budget: { status: 'allocated', amount: 50000.5, currency: 'EUR' } },
  })
  t.equal(floatMoney.statusCode, 400)
  t.ok(floatMoney.json().errors.some((e: { pointer: string }) => e.pointer === '/lead/budget/amount'))
  const badRubric = await evaluate({ lead: exampleLead, rubric: { name: 'x' } })
  t.equal(badRubric.statusCode, 400)
  t.ok(badRubric.json().errors.every((e: { pointer: string }) => e.pointer.startsWith('/rubric')))
  const unknownRubric = await evaluate({ lead: exampleLead, rubric_id: '00000000-0000-4000-8000-000000000000' })
  t.equal(unknownRubric.statusCode, 404)
})
