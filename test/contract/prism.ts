// Starts Prism's validation proxy (`prism proxy --errors`) for the committed document in front of one upstream URL.
import { spawn } from 'node:child_process'
import { copyFileSync, createWriteStream } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'

export interface RunningPrism {
  url: string
  /** True when Prism stopped on its own (it does on some malformed input), which fails the run. */
  exited: () => boolean
  stop: () => void
}

const prismCli = createRequire(import.meta.url).resolve('@stoplight/prism-cli/dist/index.js')

/** Resolves once Prism listens; everything Prism prints goes to logPath (it names each violation it saw). */
export async function startPrism(upstream: string, logPath: string): Promise<RunningPrism> {
  // Prism restarts on another port when its document changes; a copy keeps it up while someone runs npm run openapi.
  const document = join(dirname(logPath), 'openapi.json')
  copyFileSync('openapi/openapi.json', document)
  const args = ['proxy', document, upstream, '--errors', '--port', '0', '--host', '127.0.0.1']
  const child = spawn(process.execPath, [prismCli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const log = createWriteStream(logPath)
  child.stderr.pipe(log, { end: false })
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      log.write(`${line}\n`)
      const listening = /Prism is listening on (http:\/\/[\d.:]+)/.exec(line)?.[1]
      if (listening !== undefined) resolve(listening)
    })
    child.once('exit', (code) => reject(new Error(`prism exited with ${code} before listening; see ${logPath}`)))
  })
  let exited = false
  child.once('exit', () => (exited = true))
  return { url, exited: () => exited, stop: () => child.kill('SIGTERM') }
}
