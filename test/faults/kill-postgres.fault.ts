// kill -9 of the service in the middle of writes on PostgreSQL, then a restart: nothing half-applied, every
// acknowledged write kept, every event delivered at least once, and every Idempotency-Key retry either replays the
// committed answer or finds that nothing was committed.
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import t from 'tap'
import { startReceiver } from '../webhooks/receiver.js'
import { call, sleep, startService, type Answer } from './service.js'

const WRITERS = 16
const KEY = 'fault-kill-key'
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

interface Sent {
  key: string
  path: string
  body: unknown
  answer?: Answer
}

async function sql<T>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(text, values)).rows as T[]
  } finally {
    await client.end()
  }
}

async function writer(url: string, n: number, sent: Sent[], running: () => boolean) {
  for (let i = 0; running(); i++) {
    const create: Sent = { key: `c-${n}-${i}`, path: '/v1/leads', body: { email: `k${n}-${i}@kill.test` } }
    sent.push(create)
    create.answer = await call(url, KEY, 'POST', create.path, create.body, { 'idempotency-key': create.key })
    if (create.answer.status !== 201) continue
    const id = (create.answer.body as { id: string }).id
    const qualify: Sent = {
      key: `q-${n}-${i}`,
      path: `/v1/leads/${id}/qualify`,
      body: { override: { reason: 'fault test' } },
    }
    sent.push(qualify)
    qualify.answer = await call(url, KEY, 'POST', qualify.path, qualify.body, { 'idempotency-key': qualify.key })
  }
}

t.test('kill -9 mid-write on PostgreSQL, then a restart', async (t) => {
  const name = `qualify_fault_kill_${randomBytes(4).toString('hex')}`
  await sql(serverUrl, `create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const dbUrl = url.toString()
  t.teardown(() => sql(serverUrl, `drop database if exists ${name} with (force)`))
  const receiver = await startReceiver()
  t.teardown(receiver.close)
  const env = {
    DATABASE_URL: dbUrl,
    BOOTSTRAP_API_KEY: KEY,
    RATE_LIMIT_MAX: '10000000',
    WEBHOOK_ALLOW_LOOPBACK: 'true',
    WEBHOOK_POLL_MS: '100',
  }
  const first = await startService(env, 90_000)
  t.teardown(() => first.child.kill('SIGKILL'))
  const hook = await call(first.url, KEY, 'POST', '/v1/webhooks', { target_url: receiver.url, events: ['*'] })
  t.equal(hook.status, 201, 'subscribed')

  const sent: Sent[] = []
  let running = true
  const writers = Array.from({ length: WRITERS }, (_, n) => writer(first.url, n, sent, () => running))
  await sleep(4_000)
  first.child.kill('SIGKILL')
  t.equal(await first.exited, 'SIGKILL', 'killed with -9 under load')
  running = false
  await Promise.all(writers)

  const second = await startService(env, 90_000)
  t.teardown(() => second.child.kill('SIGKILL'))
  const acknowledged = sent.filter((s) => s.answer !== undefined && s.answer.status >= 200 && s.answer.status < 300)
  const unanswered = sent.filter((s) => s.answer === undefined || s.answer.status === 0)
  const creates = acknowledged.filter((s) => s.path === '/v1/leads')
  const ids = creates.map((s) => (s.answer!.body as { id: string }).id)
  const [found] = await sql<{ n: number }>(dbUrl, 'select count(*)::int as n from leads where id = any($1::uuid[])', [
    ids,
  ])
  t.equal(found!.n, ids.length, 'every acknowledged lead is in the database')

  // Retry every request the crash left without an answer, and some that had one.
  const retries = { replayed: 0, ranAgain: 0, inProgressWithNothingCommitted: 0, wrong: [] as string[] }
  for (const s of [...unanswered, ...acknowledged.slice(0, 20)]) {
    const again = await call(second.url, KEY, 'POST', s.path, s.body, { 'idempotency-key': s.key })
    const email = s.path === '/v1/leads' ? (s.body as { email: string }).email : undefined
    const committed =
      email === undefined
        ? (
            await sql<{ n: number }>(
              dbUrl,
              `select count(*)::int as n from leads where id = $1 and status = 'qualified'`,
              [s.path.split('/')[3]],
            )
          )[0]!.n
        : (await sql<{ n: number }>(dbUrl, 'select count(*)::int as n from leads where email = $1', [email]))[0]!.n
    if (again.status === 409 && (again.body as { code: string }).code === 'IDEMPOTENCY_IN_PROGRESS') {
      if (committed === 0) retries.inProgressWithNothingCommitted++
      else retries.wrong.push(`${s.key}: committed, but the retry is 409 in progress`)
    } else if (
      again.status < 300 &&
      s.answer?.status !== undefined &&
      s.answer.status >= 200 &&
      s.answer.status < 300
    ) {
      if (JSON.stringify(again.body) === JSON.stringify(s.answer.body)) retries.replayed++
      else retries.wrong.push(`${s.key}: the replay differs from the first answer`)
    } else if (again.status < 300) retries.ranAgain++
    else retries.wrong.push(`${s.key}: retry answered ${again.status}`)
  }
  t.same(retries.wrong, [], 'each retry replays the committed answer, or finds nothing committed')

  const [shape] = await sql<{ halfQualified: number; transitionsWithoutEvent: number; eventsWithoutOutbox: number }>(
    dbUrl,
    `select
       (select count(*)::int from leads l
         where (l.status = 'qualified') <> exists (select 1 from prospects p where p.lead_id = l.id)) as "halfQualified",
       (select count(*)::int from transitions x
         where not exists (select 1 from events e where e.workspace_id = x.workspace_id and e.entity_id = x.entity_id
                            and e.payload->>'status' = x.to_state)) as "transitionsWithoutEvent",
       (select count(*)::int from events e
         where e.occurred_at > (select min(created_at) from webhooks)
           and not exists (select 1 from webhook_deliveries d where d.event_id = e.id)) as "eventsWithoutOutbox"`,
  )
  t.same(shape, { halfQualified: 0, transitionsWithoutEvent: 0, eventsWithoutOutbox: 0 }, 'nothing half-applied')

  // The dead process's claims would expire after their lease (40 s here); end them now, as the lease would.
  await sql(dbUrl, `update webhook_deliveries set locked_until = null where status = 'pending'`)
  const emitted = (
    await sql<{ id: string }>(
      dbUrl,
      'select id::text from events where occurred_at > (select min(created_at) from webhooks)',
    )
  ).map((r) => r.id)
  const delivered = () => new Set(receiver.received.map((r) => String(r.headers['webhook-id'])))
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(500)) {
    const got = delivered()
    if (emitted.every((id) => got.has(id))) break
  }
  const got = delivered()
  const missing = emitted.filter((id) => !got.has(id))
  t.same(missing.slice(0, 5), [], 'every event was delivered at least once after the restart')
  t.comment(
    `requests ${sent.length}, acknowledged ${acknowledged.length} (leads ${ids.length}, found ${found!.n}), unanswered ${unanswered.length}; ` +
      `retries: ${retries.replayed} replayed, ${retries.ranAgain} ran again, ${retries.inProgressWithNothingCommitted} in progress with nothing committed; ` +
      `events emitted ${emitted.length}, delivered ${emitted.length - missing.length} (${receiver.received.length} deliveries received)`,
  )
})
