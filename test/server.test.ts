// The real entry point over a real socket: bootstrap key, 401 without it, bad config, graceful shutdown.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import t from 'tap'

interface Started {
  child: ChildProcess
  url: string
  lines: string[]
}

function startServer(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'qualify-server-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line)
      const url = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1]
      if (url !== undefined) resolve({ child, url, lines })
    })
    child.stderr!.on('data', (d) => lines.push(String(d)))
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${lines.join('\n')}`)))
  })
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

t.test('BOOTSTRAP_API_KEY opens /v1/me; no key is 401; SIGTERM exits cleanly', async (t) => {
  const { child, url } = await startServer({ BOOTSTRAP_API_KEY: 'x' })
  t.teardown(() => {
    child.kill('SIGKILL')
  })
  t.equal((await fetch(`${url}/health`)).status, 200)
  const me = await fetch(`${url}/v1/me`, { headers: { authorization: 'Bearer x' } })
  t.equal(me.status, 200)
  t.equal(((await me.json()) as { workspace: { name: string } }).workspace.name, 'Default workspace')
  const anonymous = await fetch(`${url}/v1/me`)
  t.equal(anonymous.status, 401)
  t.match(anonymous.headers.get('content-type'), /^application\/problem\+json/)
  const doc = await fetch(`${url}/openapi.json`)
  t.equal(((await doc.json()) as { openapi: string }).openapi, '3.1.0')
  const exit = exited(child)
  child.kill('SIGTERM')
  t.equal(await exit, 0)
})

t.test(
  'without BOOTSTRAP_API_KEY a key is printed once on its own line; a later BOOTSTRAP_API_KEY is named as ignored',
  async (t) => {
    const DATA_DIR = mkdtempSync(join(tmpdir(), 'qualify-server-'))
    const first = await startServer({ DATA_DIR })
    t.teardown(() => {
      first.child.kill('SIGKILL')
    })
    const printed = first.lines.map((l) => /^Admin API key \(shown only now\): (qk_[A-Za-z0-9_-]{43})$/.exec(l)?.[1])
    const key = printed.find((k) => k !== undefined)
    t.ok(key, 'the key is a line of its own')
    t.notOk(
      first.lines.some((l) => l.startsWith('{') && l.includes(key!)),
      'and in no JSON log line',
    )
    t.equal((await fetch(`${first.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status, 200)
    const stopped = exited(first.child)
    first.child.kill('SIGTERM')
    await stopped

    const again = await startServer({ DATA_DIR, BOOTSTRAP_API_KEY: 'chosen-too-late' })
    t.teardown(() => {
      again.child.kill('SIGKILL')
    })
    t.ok(
      again.lines.some((l) => /BOOTSTRAP_API_KEY is ignored/.test(l)),
      'a warning says why the key does not work',
    )
    t.notOk(
      again.lines.some((l) => l.startsWith('Admin API key')),
      'no second key',
    )
    const late = await fetch(`${again.url}/v1/me`, { headers: { authorization: 'Bearer chosen-too-late' } })
    t.equal(late.status, 401)
  },
)

/** Runs the server to its exit and returns its code and what it printed. */
async function failedStart(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const error = await startServer(env).then(
    (started) => {
      started.child.kill('SIGKILL')
      throw new Error('the server started')
    },
    (e: Error) => e,
  )
  const [, code, output] = /^server exited with (\S+):\n([\s\S]*)$/.exec(error.message) ?? []
  return { code: code === 'null' ? null : Number(code), output: output ?? error.message }
}

t.test('an unreachable or missing database is one clear line, not a stack trace', async (t) => {
  const unreachable = await failedStart({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/qualify' })
  t.equal(unreachable.code, 1)
  t.match(unreachable.output, /DATABASE_URL: cannot reach PostgreSQL at 127\.0\.0\.1:1/)
  t.notMatch(unreachable.output, /\n\s+at /, 'no stack trace')
  const server = process.env.DATABASE_URL
  if (server === undefined || server === '') return
  const missing = new URL(server)
  missing.pathname = '/qualify_no_such_database'
  const result = await failedStart({ DATABASE_URL: missing.toString() })
  t.equal(result.code, 1)
  t.match(result.output, /the database "qualify_no_such_database", which does not exist/)
  t.notMatch(result.output, /\n\s+at /, 'no stack trace')
})

t.test('a bad setting stops the process and names the variable', async (t) => {
  await t.rejects(startServer({ PORT: 'eighty' }), /PORT/)
})
