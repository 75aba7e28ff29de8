// PostgreSQL stopped for 10 s under 16 writers and started again: the service answers 503 problems (never 500,
// never hangs), /ready says not ready, it recovers by itself, and every write it acknowledged is in the database.
// Runs against a cluster of its own (npm run faults), never the machine's shared server.
import pg from 'pg'
import t from 'tap'
import { startCluster } from './cluster.js'
import { call, sleep, startService, type Answer } from './service.js'

const WRITERS = 16
const OUTAGE_MS = 10_000
const KEY = 'fault-restart-key'

interface Tally {
  acknowledged: string[]
  statuses: Map<number, number>
  unexpected: Answer[]
  afterRestart: number
}

async function writer(url: string, n: number, tally: Tally, running: () => boolean, restarted: () => boolean) {
  for (let i = 0; running(); i++) {
    const answer = await call(url, KEY, 'POST', '/v1/leads', { email: `w${n}-${i}@restart.test`, first_name: 'R' })
    tally.statuses.set(answer.status, (tally.statuses.get(answer.status) ?? 0) + 1)
    if (answer.status === 201) {
      tally.acknowledged.push((answer.body as { id: string }).id)
      if (restarted()) tally.afterRestart++
    } else if (answer.status !== 503 || !answer.contentType.startsWith('application/problem+json')) {
      tally.unexpected.push(answer)
    }
    if (answer.status !== 201) await sleep(50)
  }
}

async function waitReady(url: string, deadlineMs: number): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < deadlineMs) {
    if ((await call(url, KEY, 'GET', '/ready', undefined, {}, 2_000)).status === 200) return Date.now() - started
    await sleep(200)
  }
  return -1
}

t.test('a PostgreSQL restart under write load', async (t) => {
  const cluster = await startCluster()
  t.teardown(() => cluster.remove())
  const service = await startService({
    DATABASE_URL: cluster.url,
    BOOTSTRAP_API_KEY: KEY,
    RATE_LIMIT_MAX: '10000000',
    WEBHOOK_POLL_MS: '200',
  })
  t.teardown(() => {
    service.child.kill('SIGKILL')
  })

  const tally: Tally = { acknowledged: [], statuses: new Map(), unexpected: [], afterRestart: 0 }
  let running = true
  let restarted = false
  const writers = Array.from({ length: WRITERS }, (_, n) =>
    writer(
      service.url,
      n,
      tally,
      () => running,
      () => restarted,
    ),
  )
  await sleep(3_000)
  const beforeStop = tally.acknowledged.length

  await cluster.stop()
  const readiness: number[] = []
  const outageEnds = Date.now() + OUTAGE_MS
  while (Date.now() < outageEnds) {
    readiness.push((await call(service.url, KEY, 'GET', '/ready', undefined, {}, 3_000)).status)
    await sleep(500)
  }
  const duringOutage = tally.statuses.get(503) ?? 0
  await cluster.start()
  const recoveredInMs = await waitReady(service.url, 30_000)
  restarted = true
  await sleep(3_000)
  running = false
  await Promise.all(writers)

  t.equal(service.child.exitCode, null, 'the service is still running')
  t.ok(beforeStop > 0, `writes were acknowledged before the stop (${beforeStop})`)
  t.ok(duringOutage > 0, `writes during the outage were answered 503 (${duringOutage})`)
  t.same(tally.unexpected.slice(0, 5), [], 'no answer other than 201 or a 503 problem (no 500, no hang)')
  t.ok(readiness.length > 0 && readiness.every((s) => s === 503), `/ready said 503 throughout: ${readiness.join(',')}`)
  t.ok(recoveredInMs >= 0, `ready again ${recoveredInMs} ms after the start`)
  t.ok(tally.afterRestart > 0, `writes succeed again after the restart (${tally.afterRestart})`)

  const client = new pg.Client({ connectionString: cluster.url })
  await client.connect()
  const found = await client.query<{ n: number }>('select count(*)::int as n from leads where id = any($1::uuid[])', [
    tally.acknowledged,
  ])
  await client.end()
  t.equal(found.rows[0]!.n, tally.acknowledged.length, 'every acknowledged write is in the database')
  t.comment(
    `acknowledged ${tally.acknowledged.length}, found ${found.rows[0]!.n}; statuses ${JSON.stringify(Object.fromEntries(tally.statuses))}; ready again after ${recoveredInMs} ms`,
  )
})
