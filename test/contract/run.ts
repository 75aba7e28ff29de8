// Runs test files with their HTTP traffic going through one shared Prism validation proxy and fails on any violation.
// Usage: tsx test/contract/run.ts [test files]   (no files: the README story and the route tests listed below)
//        tsx test/contract/run.ts --serve        (keeps Prism up and prints the variables to run single tests against it)
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startPrism } from './prism.js'
import { startRouter } from './router.js'

// Every route test goes through Prism, each file in a process of its own (not the suite's groups), except these:
const EXCLUDED: Record<string, string> = {
  // Hostile bodies on purpose: 5,000-deep JSON makes Prism's own request logger throw, and Prism exits.
  'bad-input.spec.ts': 'sends deliberately hostile requests that crash Prism',
  // Asserts cache invalidation within a few hundred milliseconds of wall time; through two extra hops and Prism's
  // validation on a loaded machine it would time the proxy, not the caches.
  'caches.spec.ts': 'timing bounds of a few hundred milliseconds',
}
const CONTRACT_TESTS = [
  'test/readme.test.ts',
  ...readdirSync('test/routes')
    .filter((name) => /\.(spec|test)\.ts$/.test(name) && !name.startsWith('specs-') && EXCLUDED[name] === undefined)
    .map((name) => `test/routes/${name}`),
]

const started = Date.now()
const dir = mkdtempSync(join(tmpdir(), 'qualify-contract-'))
const router = await startRouter()
const prism = await startPrism(router.url, join(dir, 'prism.log'))
console.log(`prism ${prism.url} ready after ${((Date.now() - started) / 1000).toFixed(1)} s (log: ${dir}/prism.log)`)
if (process.argv[2] === '--serve') {
  console.log(`export CONTRACT_PROXY_URL=${prism.url} CONTRACT_LOG=${dir}/exchanges.jsonl`)
  await new Promise(() => undefined)
}
const files = process.argv.length > 2 ? process.argv.slice(2) : CONTRACT_TESTS
const exchanges = join(dir, 'exchanges.jsonl')
const tapCode = await new Promise<number>((resolve) => {
  // Each exchange makes two more hops and Prism validates it: more room than the suite's 120 s per file.
  const tap = spawn('npx', ['tap', '--timeout=600', ...files], {
    stdio: 'inherit',
    env: { ...process.env, CONTRACT_PROXY_URL: prism.url, CONTRACT_LOG: exchanges },
  })
  tap.on('exit', (code) => resolve(code ?? 1))
})
const prismDied = prism.exited()
prism.stop()
router.server.close()

const lines = existsSync(exchanges) ? readFileSync(exchanges, 'utf8').trim().split('\n').filter(Boolean) : []
const verdicts = { checked: 0, rejected: 0, excepted: 0, violation: 0, outside: 0 }
for (const line of lines) {
  const entry = JSON.parse(line) as {
    verdict: keyof typeof verdicts
    method: string
    path: string
    status: number
    violations: unknown[]
  }
  verdicts[entry.verdict]++
  if (entry.verdict === 'violation')
    console.log(`VIOLATION ${entry.method} ${entry.path} ${entry.status} ${JSON.stringify(entry.violations)}`)
}
const prismLogged = (readFileSync(join(dir, 'prism.log'), 'utf8').match(/Violation: /g) ?? []).length
console.log(
  `\ncontract: ${lines.length} exchanges through Prism — ${verdicts.checked} checked clean, ` +
    `${verdicts.rejected} requests refused by Prism and by the service, ${verdicts.excepted} NDJSON bodies excepted ` +
    `(Prism cannot parse NDJSON), ${verdicts.outside} for the document itself or /docs (sent direct), ` +
    `${verdicts.violation} violations; Prism logged ${prismLogged} violation lines; ` +
    `${((Date.now() - started) / 1000).toFixed(0)} s`,
)
if (prismDied) console.log('Prism exited during the run: see its log')
process.exit(tapCode !== 0 || verdicts.violation > 0 || prismDied ? 1 : 0)
