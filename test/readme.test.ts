// The README's curl examples run as written against a real server on a real socket.
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import t from 'tap'
import { contractProxyUrl, violationCount } from './contract/channel.js'
import { startGateway } from './contract/gateway.js'

const readme = readFileSync('README.md', 'utf8')
const examples = readme.slice(readme.indexOf('## Examples'), readme.indexOf('## Development'))
const script = [...examples.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n')

// The script starts many short node processes; on a loaded two-core machine that takes minutes, not seconds.
t.setTimeout(600_000)

t.test('every curl example runs and answers sensibly', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      BOOTSTRAP_API_KEY: 'secret',
      WEBHOOK_ALLOW_LOOPBACK: 'true',
      WEBHOOK_POLL_MS: '200',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'qualify-readme-')),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  t.teardown(() => {
    child.kill('SIGKILL')
  })
  const url = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)?.[1]
      if (found !== undefined) resolve(found)
    })
  })
  // With the contract proxy on, the curls talk to Prism, which checks each exchange against the document.
  const gateway = contractProxyUrl() === undefined ? undefined : await startGateway(url)
  t.teardown(() => gateway?.server.close())
  const header = `set -euo pipefail\nexport QK=secret Q=${gateway?.url ?? url}\n`
  const { stdout } = await promisify(execFile)('bash', ['-c', header + script], { maxBuffer: 10 * 1024 * 1024 })
  t.notMatch(stdout, /\bundefined\b/, 'every picked field exists')
  t.notMatch(stdout, /"status":5\d\d|INTERNAL/, 'no server errors')
  for (const expected of [
    '"status":"ok"',
    'bant_fit champ meddic',
    '"decision":"qualified"',
    'closed_won',
    'win 2026-02-20T00:00:00.000Z imported true',
    '/created_at 2999-01-01T00:00:00Z is in the future',
    'QUALIFICATION_BLOCKED',
    'referred by their CEO',
    'PRECONDITION_FAILED',
    '204',
    'verified',
    'lead.created succeeded',
    '"summary":{"created":2',
    '"summary":{"created":1,"unchanged":0,"error":1}',
    '{"ok":2,"error":1}',
    '"skipped":1,"used":2',
    'draft true, cross-validated AUC 0.',
    'isotonic',
    'win_probability 0.',
    /"won":[1-9]\d*,"lost":[1-9]\d*\}/,
  ]) {
    t.match(stdout, expected)
  }
  t.equal(violationCount(), 0, 'Prism found no violation (when the contract proxy is on)')
})
