// Rescoring jobs: 202 then progress to succeeded, results equal to evaluating each lead directly, score history,
// lead.score_changed above the threshold, a job per activation, and one daily job per workspace across instances.
import t from 'tap'
import { exampleLead } from '../fixtures.js'
import { buildTestApp } from '../helper.js'
import { queueDailyRescores } from '../../src/services/jobs/daily-rescore.js'

const DAY = 86_400_000
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000)
let now = T0
// Chunks of 3, so a job of 8 leads takes several transactions.
const ctx = await buildTestApp(t, { JOB_CHUNK_SIZE: 3 }, () => now)
const { call } = ctx
const post = (url: string, body: unknown = {}) => call('POST', url, { body })
const activity = (type: string, daysAgo: number) => ({
  type,
  direction: 'inbound',
  occurred_at: new Date(now.getTime() - daysAgo * DAY).toISOString(),
})

interface Lead {
  id: string
  status: string
  score: { total: number; grade: string; rubric_version: number; evaluated_at: string }
}

async function finished(id: string) {
  for (let i = 0; i < 200; i++) {
    const job = (await call('GET', `/v1/jobs/${id}`)).json()
    if (job.state === 'succeeded' || job.state === 'failed') return job
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`job ${id} did not finish`)
}

const ids: string[] = []
let qualified = ''
t.before(async () => {
  for (let i = 0; i < 8; i++) {
    const lead = (await post('/v1/leads', { email: `r${i}@x.io`, source: 'webinar', title: 'Head of Ops' })).json()
    ids.push(lead.id)
    for (let k = 0; k <= i % 4; k++)
      await post(`/v1/leads/${lead.id}/activities`, activity(k % 2 ? 'meeting' : 'reply', k))
  }
  const q = (await post('/v1/leads', { ...exampleLead, email: 'q@x.io' })).json()
  await post(`/v1/leads/${q.id}/qualify`, { override: { reason: 'test' } })
  qualified = q.id
})

t.test('a rescoring job decays stored scores exactly as evaluating each lead does', async (t) => {
  const before = new Map<string, Lead>()
  for (const id of ids) before.set(id, (await call('GET', `/v1/leads/${id}`)).json())
  const qualifiedBefore = (await call('GET', `/v1/leads/${qualified}`)).json()
  now = new Date(T0.getTime() + 30 * DAY)

  const started = await call('POST', '/v1/jobs/rescore')
  t.equal(started.statusCode, 202)
  t.equal(started.headers.location, `/v1/jobs/${started.json().id}`)
  t.match(started.json(), { type: 'rescore', trigger: 'api', progress: { done: 0 } })
  const job = await finished(started.json().id)
  t.match(
    job,
    { state: 'succeeded', progress: { done: 8, total: 8 }, error_count: 0, errors: [] },
    JSON.stringify(job.errors),
  )

  let changed = 0
  for (const id of ids) {
    const lead: Lead = (await call('GET', `/v1/leads/${id}`)).json()
    t.equal(lead.score.evaluated_at, now.toISOString(), 'scored as of the job')
    const direct = (await call('GET', `/v1/leads/${id}/qualification?as_of=${now.toISOString()}`)).json()
    t.equal(lead.score.total, direct.total, 'the stored total is the direct evaluation')
    t.equal(lead.score.grade, direct.grade)
    if (lead.score.total !== before.get(id)!.score.total) changed++
  }
  t.ok(changed > 0, 'engagement decayed')
  t.equal(job.changed, changed)
  t.same((await call('GET', `/v1/leads/${qualified}`)).json(), qualifiedBefore, 'a qualified lead is left alone')
})

t.test('score history lists every stored change, newest first, with the total before it', async (t) => {
  for (const id of ids) {
    const history = (await call('GET', `/v1/leads/${id}/scores?limit=100`)).json().data
    const current: Lead = (await call('GET', `/v1/leads/${id}`)).json()
    t.equal(history[0].total, current.score.total)
    for (let i = 0; i < history.length - 1; i++) {
      t.equal(history[i].previous_total, history[i + 1].total, 'each change follows the one before')
      t.ok(history[i].recorded_at >= history[i + 1].recorded_at, 'newest first')
    }
    t.equal(history.at(-1).previous_total, null, 'the first score had none before it')
  }
  const walked: string[] = []
  let cursor: string | null = null
  do {
    const after: string = cursor === null ? '' : `&starting_after=${cursor}`
    const page = (await call('GET', `/v1/leads/${ids[3]}/scores?limit=1${after}`)).json()
    walked.push(...page.data.map((s: { id: string }) => s.id))
    cursor = page.next_cursor
  } while (cursor !== null)
  const all = (await call('GET', `/v1/leads/${ids[3]}/scores?limit=100`)).json().data
  t.same(
    walked,
    all.map((s: { id: string }) => s.id),
  )
  t.equal((await call('GET', '/v1/leads/00000000-0000-4000-8000-000000000000/scores')).statusCode, 404)
})

t.test('lead.score_changed is emitted for moves above the threshold, with old and new score', async (t) => {
  const events = (await call('GET', '/v1/events?type=lead.score_changed&limit=100')).json().data
  const expected = []
  for (const id of ids) {
    const [last] = (await call('GET', `/v1/leads/${id}/scores?limit=1`)).json().data
    if (last.evaluated_at === now.toISOString() && Math.abs(last.total - last.previous_total) > 5) expected.push(id)
  }
  t.ok(expected.length > 0, 'some lead moved more than 5 points')
  t.same(events.map((e: { entity_id: string }) => e.entity_id).sort(), expected.sort())
  for (const e of events) {
    t.ok(Math.abs(e.data.score.total - e.data.previous_score.total) > 5, 'old and new score in the event')
    const { previous_score: _previous, ...lead } = e.data
    t.same(lead, (await call('GET', `/v1/leads/${e.entity_id}`)).json(), 'the lead as the job stored it')
  }
  const sample = await call('GET', '/v1/webhooks/samples/lead.score_changed')
  t.equal(sample.statusCode, 200, 'subscribable, with a sample')
  t.ok(sample.json().data.previous_score.total !== sample.json().data.score.total)
})

t.test('activating a rubric version queues a rescoring with it', async (t) => {
  const rubric = (await call('GET', '/v1/rubrics')).json().data[0]
  const definition = { ...rubric.definition, engagement: { ...rubric.definition.engagement, half_life_days: 3 } }
  const created = (await post('/v1/rubrics', { rubric_id: rubric.id, definition })).json()
  const activated = await post(`/v1/rubrics/${rubric.id}/activate`, { version: created.version })
  t.equal(activated.statusCode, 200)
  const [job] = (await call('GET', '/v1/jobs?limit=1')).json().data
  t.equal(job.trigger, 'activation')
  t.equal((await finished(job.id)).state, 'succeeded')
  for (const id of ids) {
    const lead: Lead = (await call('GET', `/v1/leads/${id}`)).json()
    t.equal(lead.score.rubric_version, created.version)
  }
})

t.test('the daily rescoring is queued once per workspace, whichever instances ask at the same time', async (t) => {
  const { db } = ctx.database
  const counts = await Promise.all([queueDailyRescores(db), queueDailyRescores(db), queueDailyRescores(db)])
  const workspaces = 1
  t.equal(
    counts.reduce((a, b) => a + b, 0),
    workspaces,
    'one job for the one workspace',
  )
  t.equal(await queueDailyRescores(db), 0, 'not again within a day')
  const scheduled = (await call('GET', '/v1/jobs?limit=100'))
    .json()
    .data.filter((j: { trigger: string }) => j.trigger === 'schedule')
  t.equal(scheduled.length, 1)
  t.equal(scheduled[0].state, 'queued', 'the worker runs it')
})

t.test('unknown jobs are 404, and jobs of another workspace are not visible', async (t) => {
  const other = await ctx.newWorkspace('other')
  const [job] = (await call('GET', '/v1/jobs?limit=1')).json().data
  t.equal((await call('GET', `/v1/jobs/${job.id}`, { key: other.adminKey })).statusCode, 404)
  t.equal((await call('GET', '/v1/jobs/00000000-0000-4000-8000-000000000000')).statusCode, 404)
})
