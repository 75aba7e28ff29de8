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

t.test('without BOOTSTRAP_API_KEY a key is generated and logged once', async (t) => {
  const { child, url, lines } = await startServer({})
  t.teardown(() => {
    child.kill('SIGKILL')
  })
  const key = /(qk_[A-Za-z0-9_-]{43})/.exec(lines.join('\n'))?.[1]
  t.ok(key, 'the key is in the log')
  t.equal((await fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${key}` } })).status, 200)
})

t.test('a bad setting stops the process and names the variable', async (t) => {
  await t.rejects(startServer({ PORT: 'eighty' }), /PORT/)
})
