// Lead list sorts and filters: cursor walks under every sort, last activity, stalled leads, temperature.
import t from 'tap'
import { sql } from 'drizzle-orm'
import { buildTestApp } from '../helper.js'
import { exampleLead } from '../fixtures.js'
import { byKeyThenId, walkList } from '../lists.js'

const DAY = 86_400_000
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000)
let now = T0
const ctx = await buildTestApp(t, {}, () => now)
const { call } = ctx
const post = (url: string, body: unknown) => call('POST', url, { body })

interface ListedLead {
  id: string
  email: string
  score: { total: number } | null
  updated_at: string
  last_activity_at?: string
}

const walk = (query: string, limit = 2, from: string | null = null) =>
  walkList<ListedLead>(call, 'leads', query, limit, from)

const emails = (leads: ListedLead[]) => leads.map((l) => l.email)
const activity = (type: string, at: number) => ({ type, direction: 'inbound', occurred_at: new Date(at).toISOString() })

const ids: Record<string, string> = {}
t.before(async () => {
  const facts = [
    { ...exampleLead, email: 'strong@x.io' },
    { email: 'tie1@x.io', source: 'webinar' },
    { email: 'tie2@x.io', source: 'webinar' },
    { email: 'tie3@x.io', source: 'webinar' },
    { email: 'quiet@x.io' },
    { email: 'mid@x.io', title: 'Head of Ops', seniority: 'director' },
  ]
  for (const f of facts) ids[f.email] = (await post('/v1/leads', { ...f })).json().id
  await post(`/v1/leads/${ids['mid@x.io']}/activities`, activity('meeting', T0.getTime() - 2 * DAY))
  await post(`/v1/leads/${ids['tie1@x.io']}/activities`, activity('email_open', T0.getTime() - 20 * DAY))
  await post(`/v1/leads/${ids['strong@x.io']}/activities`, activity('reply', T0.getTime() - 5 * DAY))
})

t.test('every sort walks all leads once, in order, with ties broken by id', async (t) => {
  const all = await walk('', 100)
  t.equal(all.length, 6)
  const keys: Record<string, (l: ListedLead) => number> = {
    score: (l) => l.score?.total ?? -1,
    updated_at: (l) => Date.parse(l.updated_at),
    last_activity_at: (l) => (l.last_activity_at === undefined ? -Infinity : Date.parse(l.last_activity_at)),
  }
  for (const [name, key] of Object.entries(keys)) {
    for (const descending of [false, true]) {
      const sort = `${descending ? '-' : ''}${name}`
      const expected = [...all].sort(byKeyThenId(key, descending))
      t.same(emails(await walk(`sort=${sort}`)), emails(expected), sort)
    }
  }
  const ties = (await walk('sort=-score')).filter((l) => l.email.startsWith('tie2') || l.email.startsWith('tie3'))
  t.equal(ties[0]!.score!.total, ties[1]!.score!.total, 'the walk crosses equal scores')
})

t.test('a sorted walk can start from the cursor of a first page', async (t) => {
  const first = (await call('GET', '/v1/leads?sort=-score&limit=1')).json()
  t.equal(first.data[0].email, 'strong@x.io')
  const rest = await walk('sort=-score', 2, first.next_cursor)
  t.equal(rest.length, 5)
  t.notOk(emails(rest).includes('strong@x.io'))
})

t.test(
  'last_activity_before keeps leads whose newest activity is older; leads without activity are left out',
  async (t) => {
    const cutoff = new Date(T0.getTime() - 10 * DAY).toISOString()
    t.same(emails(await walk(`last_activity_before=${cutoff}`)), ['tie1@x.io'])
    const later = new Date(T0.getTime() - DAY).toISOString()
    t.same(emails(await walk(`last_activity_before=${later}&sort=last_activity_at`)), [
      'tie1@x.io',
      'strong@x.io',
      'mid@x.io',
    ])
  },
)

t.test('stalled_days: no activity, no transition and no creation in the last N days', async (t) => {
  // An older workspace: the leads and their transitions (stamped by the app's clock) moved 60 days back.
  await ctx.database.db.execute(sql`update leads set created_at = created_at - interval '60 days'`)
  await ctx.database.db.execute(sql`update transitions set occurred_at = occurred_at - interval '60 days'`)
  t.same(emails(await walk('stalled_days=30')).sort(), ['quiet@x.io', 'tie2@x.io', 'tie3@x.io'])
  await post(`/v1/leads/${ids['quiet@x.io']}/activities`, activity('email_open', now.getTime() - DAY))
  const nurtured = await post(`/v1/leads/${ids['tie3@x.io']}/nurture`, { reason: 'next quarter' })
  t.equal(nurtured.statusCode, 200)
  t.same(emails(await walk('stalled_days=30')), ['tie2@x.io'], 'an activity or a transition un-stalls a lead')
  t.same(emails(await walk('stalled_days=3&sort=-score')).sort(), ['strong@x.io', 'tie1@x.io', 'tie2@x.io'])
  t.same(emails(await walk('stalled_days=90')), [], 'nothing is older than 60 days')
})

t.test('temperature follows engagement decayed to now, against the workspace thresholds', async (t) => {
  const classify = async (at: Date, hot: number, warm: number) => {
    const out: Record<string, string[]> = { hot: [], warm: [], cold: [] }
    for (const [email, id] of Object.entries(ids)) {
      const evaluation = (await call('GET', `/v1/leads/${id}/qualification?as_of=${at.toISOString()}`)).json()
      const e = evaluation.engagement.score
      out[e >= hot ? 'hot' : e >= warm ? 'warm' : 'cold']!.push(email)
    }
    for (const list of Object.values(out)) list.sort()
    return out
  }
  const listed = async () => {
    const out: Record<string, string[]> = {}
    for (const temp of ['hot', 'warm', 'cold']) out[temp] = emails(await walk(`temperature=${temp}`)).sort()
    return out
  }
  const defaults = (await call('GET', '/v1/settings/scores')).json()
  t.same(defaults, { temperature: { hot: 50, warm: 20 }, score_change_threshold: 5 })
  const expected = await classify(now, 50, 20)
  t.ok(expected.hot!.length + expected.warm!.length > 0, 'some lead is engaged')
  t.same(await listed(), expected)

  const patched = await call('PATCH', '/v1/settings/scores', { body: { temperature: { hot: 8, warm: 2 } } })
  t.same(patched.json(), { temperature: { hot: 8, warm: 2 }, score_change_threshold: 5 })
  t.same(await listed(), await classify(now, 8, 2), 'the workspace thresholds apply')

  // Ten days later, without any rescoring, the stored engagement has decayed the same way evaluation decays it.
  now = new Date(T0.getTime() + 10 * DAY)
  t.teardown(() => {
    now = T0
  })
  const later = await classify(now, 8, 2)
  t.not(JSON.stringify(later), JSON.stringify(expected), 'decay moved some lead')
  t.same(await listed(), later)
})

t.test('bad values are 400 problems naming the parameter', async (t) => {
  const cases: [string, string][] = [
    ['sort=popularity', '/sort'],
    ['sort=-email', '/sort'],
    ['temperature=tepid', '/temperature'],
    ['stalled_days=0', '/stalled_days'],
    ['stalled_days=abc', '/stalled_days'],
    ['last_activity_before=yesterday', '/last_activity_before'],
  ]
  for (const [query, pointer] of cases) {
    const res = await call('GET', `/v1/leads?${query}`)
    t.equal(res.statusCode, 400, query)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res.json().errors, [{ pointer }], query)
  }
  const inverted = await call('PATCH', '/v1/settings/scores', { body: { temperature: { warm: 90 } } })
  t.equal(inverted.statusCode, 400)
  t.match(inverted.json().errors, [{ pointer: '/temperature/warm' }])
  const outOfRange = await call('PATCH', '/v1/settings/scores', { body: { score_change_threshold: -1 } })
  t.equal(outOfRange.statusCode, 400)
  t.match(outOfRange.json().errors, [{ pointer: '/score_change_threshold' }])
  t.equal((await call('PATCH', '/v1/settings/scores', { body: {} })).statusCode, 400)
})

t.test('the filters never reach another workspace', async (t) => {
  const other = await ctx.newWorkspace('other')
  const res = await call('GET', '/v1/leads?temperature=cold&sort=-score', { key: other.adminKey })
  t.same(res.json().data, [])
})
