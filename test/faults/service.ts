// The real service as a child process, for tests that stop its database or kill it outright.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { freePort } from './cluster.js'

export interface Service {
  child: ChildProcess
  url: string
  lines: string[]
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<string>
}

/** Starts the service on a free port and waits until /health answers; kills it if it does not. */
export async function startService(env: Record<string, string>, timeoutMs = 30_000): Promise<Service> {
  const port = await freePort()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(line))
  createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line))
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? String(code))))
  const url = `http://127.0.0.1:${port}`
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline && child.exitCode === null; await sleep(100)) {
    const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined)
    if (health?.status === 200) return { child, url, lines, exited }
  }
  child.kill('SIGKILL')
  throw new Error(`the service did not start:\n${lines.join('\n')}`)
}

export interface Answer {
  status: number
  body: unknown
  contentType: string
}

/** A request that never hangs: no answer within `timeoutMs` is status 0. */
export async function call(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 8_000,
): Promise<Answer> {
  try {
    const response = await fetch(url + path, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    })
    const text = await response.text()
    return {
      status: response.status,
      body: text === '' ? null : (JSON.parse(text) as unknown),
      contentType: response.headers.get('content-type') ?? '',
    }
  } catch {
    return { status: 0, body: null, contentType: '' }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
