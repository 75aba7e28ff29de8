// The embedded database: kill -9 of the service after acknowledged writes, then a restart on the same folder.
// The folder must open again (PGlite replays its WAL), and the test states how many acknowledged writes survived.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { call, sleep, startService } from './service.js'

const WRITERS = 4
const KEY = 'fault-pglite-key'

t.test('kill -9 on PGlite, then a restart on the same data folder', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'qualify-pglite-kill-'))
  t.teardown(() => rmSync(dataDir, { recursive: true, force: true }))
  const env = { DATA_DIR: dataDir, BOOTSTRAP_API_KEY: KEY, RATE_LIMIT_MAX: '10000000', WEBHOOK_WORKER: 'false' }
  const first = await startService(env, 240_000)
  t.teardown(() => first.child.kill('SIGKILL'))

  const acknowledged: string[] = []
  let running = true
  const writers = Array.from({ length: WRITERS }, async (_, n) => {
    for (let i = 0; running; i++) {
      const answer = await call(first.url, KEY, 'POST', '/v1/leads', { email: `p${n}-${i}@pglite.test` })
      if (answer.status === 201) acknowledged.push((answer.body as { id: string }).id)
    }
  })
  // Until a few hundred writes are acknowledged (or 15 s on a slow machine), then killed with more in flight.
  for (const until = Date.now() + 15_000; Date.now() < until && acknowledged.length < 300;) await sleep(100)
  // Killed while writes are in flight: the acknowledged ones are what the service promised to keep.
  first.child.kill('SIGKILL')
  t.equal(await first.exited, 'SIGKILL', 'killed with -9')
  running = false
  await Promise.all(writers)

  const second = await startService(env, 240_000)
  t.teardown(() => second.child.kill('SIGKILL'))
  t.pass('the data folder opens again after kill -9')
  let found = 0
  for (const id of acknowledged) if ((await call(second.url, KEY, 'GET', `/v1/leads/${id}`)).status === 200) found++
  t.ok(acknowledged.length > 0, `writes were acknowledged before the kill (${acknowledged.length})`)
  t.equal(found, acknowledged.length, 'every acknowledged write survived the process kill')
  const write = await call(second.url, KEY, 'POST', '/v1/leads', { email: 'after@pglite.test' })
  t.equal(write.status, 201, 'and the restarted service takes writes')
  t.comment(`PGlite, kill -9: acknowledged ${acknowledged.length}, found after restart ${found}`)
})
