// Engagement: decay by half-life, two-way contact, future activities, cap and ordering.
import t from 'tap'
import { templates } from '../../../src/qualification/index.js'
import { activity, AS_OF, daysBefore, exampleLead, rubricOf, run, runTemplate } from './fixtures/helpers.js'

// Engagement is the whole total here, so the total shows the engagement score directly.
const rubric = rubricOf({ c: { weight: 0, rules: [{ kind: 'exists', field: 'email', points: 0 }] } })

t.test('an activity exactly one half-life old counts half', async (t) => {
  const e = run(rubric, exampleLead, [activity('email_open', 7)]).engagement
  t.equal(e.half_life_days, 7)
  t.match(e.activities, [{ type: 'email_open', base_points: 10, two_way: false, age_days: 7, points: 5 }])
  t.equal(e.raw_points, 5)
  t.equal(e.score, 5, '5 points of a cap of 100')
  t.equal(
    run(rubric, exampleLead, [activity('email_open', 14)]).engagement.raw_points,
    2.5,
    'two half-lives: a quarter',
  )
  t.equal(run(rubric, exampleLead, [activity('email_open', 0)]).engagement.raw_points, 10, 'at asOf: full points')
})

t.test('two-way contact is multiplied: reply, meeting, inbound call', async (t) => {
  const e = run(rubric, exampleLead, [
    activity('reply', 0),
    activity('meeting', 0, 'outbound'),
    activity('call', 0, 'inbound'),
    activity('call', 0, 'outbound'),
  ]).engagement
  const twoWay = Object.fromEntries(e.activities.map((a) => [`${a.type}/${a.direction}`, [a.two_way, a.points]]))
  t.same(twoWay, {
    'reply/inbound': [true, 20],
    'meeting/outbound': [true, 20],
    'call/inbound': [true, 20],
    'call/outbound': [false, 10],
  })
})

t.test('in the default rubric a conversation outweighs one-way signals', async (t) => {
  const points = (type: 'reply' | 'meeting' | 'email_open' | 'page_view') =>
    runTemplate('bant_fit', exampleLead, [activity(type, 1)]).engagement.raw_points
  t.ok(points('reply') > points('email_open'))
  t.ok(points('reply') > points('page_view'))
  t.ok(points('meeting') > points('page_view'))
  t.ok(
    runTemplate('bant_fit', exampleLead, [activity('call', 1, 'inbound')]).engagement.raw_points >
      runTemplate('bant_fit', exampleLead, [activity('call', 1, 'outbound')]).engagement.raw_points,
  )
  t.equal(templates.bant_fit.definition.engagement.two_way_multiplier, 2)
})

t.test('activities after asOf are neither scored nor listed', async (t) => {
  const future = { type: 'demo_request', direction: 'inbound', occurred_at: '2026-11-26T12:00:00.001Z' } as const
  const e = run(rubric, exampleLead, [future, activity('email_open', 7)]).engagement
  t.equal(e.activities.length, 1)
  t.equal(e.raw_points, 5)
  const atAsOf = run(rubric, exampleLead, [
    { ...future, type: 'email_open', occurred_at: AS_OF.toISOString() },
  ]).engagement
  t.equal(atAsOf.raw_points, 10, 'an activity at asOf itself counts')
})

t.test('unparseable timestamps are not scored', async (t) => {
  const e = run(rubric, exampleLead, [
    { type: 'reply', direction: 'inbound', occurred_at: '2026-11-20 10:00' },
  ]).engagement
  t.same(e.activities, [])
})

t.test('offsets are honoured', async (t) => {
  // 14:00+02:00 is 12:00Z, one half-life (7 days) before asOf
  const e = run(rubric, exampleLead, [
    { type: 'email_open', direction: 'inbound', occurred_at: '2026-11-19T14:00:00+02:00' },
  ]).engagement
  t.equal(e.raw_points, 5)
})

t.test('the score is capped at 100', async (t) => {
  const many = Array.from({ length: 30 }, (_, i) => activity('reply', i / 10))
  const e = run(rubric, exampleLead, many).engagement
  t.equal(e.score, 100)
  t.ok(e.raw_points > 100)
})

t.test('activities are listed newest first whatever the input order', async (t) => {
  const list = [activity('page_view', 3), activity('reply', 1), activity('email_open', 3), activity('meeting', 10)]
  const forward = run(rubric, exampleLead, list).engagement
  const backward = run(rubric, exampleLead, [...list].reverse()).engagement
  t.same(forward, backward)
  t.same(
    forward.activities.map((a) => a.type),
    ['reply', 'email_open', 'page_view', 'meeting'],
    'same instant: by type',
  )
})

t.test('no activities: score 0', async (t) => {
  const e = run(rubric, exampleLead, []).engagement
  t.same([e.score, e.raw_points, e.activities], [0, 0, []])
})

t.test('age is measured from asOf', async (t) => {
  const e = run(
    rubric,
    exampleLead,
    [{ type: 'email_open', direction: 'inbound', occurred_at: daysBefore(7) }],
    new Date(AS_OF.getTime() + 7 * 86_400_000),
  ).engagement
  t.equal(e.activities[0]?.age_days, 14)
  t.equal(e.raw_points, 2.5)
})
