// Benchmark: the service against a hand-written Fastify + pg server (reference-server.ts) on the same PostgreSQL,
// the same seeded rows and the same load: GET a random one of 10,000 leads, POST a new lead. Each pair of runs
// alternates reference and service (A/B/A/B...) so both see the same machine load; medians, p99 and ratios are
// printed per call and connection count. Needs DATABASE_URL. `--quick`: one 3 s run at 32 connections.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import autocannon from 'autocannon'
import pg from 'pg'
import { exampleLead } from '../fixtures.js'
import { freshDatabase } from '../helper.js'
import type { BenchResult } from './measure.js'

export const KEY = 'bench-compare-key'
const SEEDED = 10_000

export interface CompareOptions {
  quick?: boolean
  log?: (line: string) => void
}

interface Server {
  child: ChildProcess
  url: string
}

async function freePort(): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const { port } = probe.address() as AddressInfo
  probe.close()
  return port
}

// BENCH_PROFILE_DIR=<folder> writes a CPU profile of the service there (Node refuses --cpu-prof in NODE_OPTIONS).
const profile = (dir: string | undefined) =>
  dir === undefined || dir === '' ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`]

export async function start(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort()
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`)
    const up = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (up) return { child, url }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`${script} did not start within 30 s`)
}

export async function stop(server: Server | undefined): Promise<void> {
  if (server === undefined || server.child.exitCode !== null) return
  server.child.kill('SIGTERM')
  await once(server.child, 'exit')
}

/** The same 10,000 leads for both servers, written in one statement. */
async function seed(client: pg.Client, workspaceId: string): Promise<string[]> {
  const { company, budget, need, timeline, attributes, ...flat } = exampleLead
  const { rows } = await client.query<{ id: string }>(
    `insert into leads (workspace_id, email, first_name, last_name, title, seniority, decision_role, source,
       company, budget, need, timeline, attributes)
     select $1, 'seed-' || i || '@bench.example', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12
     from generate_series(1, ${SEEDED}) as i returning id`,
    [
      workspaceId,
      flat.first_name,
      flat.last_name,
      flat.title,
      flat.seniority,
      flat.decision_role,
      flat.source,
      JSON.stringify(company),
      JSON.stringify(budget),
      JSON.stringify(need),
      JSON.stringify(timeline),
      JSON.stringify(attributes),
    ],
  )
  return rows.map((r) => r.id)
}

export interface Case {
  name: string
  request: (n: number) => { method: 'GET' | 'POST'; path: string; body?: string }
}

// Shared by every set of cases, so no two POSTs of a run send the same email.
let created = 0

export function cases(ids: string[]): Case[] {
  return [
    {
      name: 'GET /v1/leads/{id}',
      request: () => ({ method: 'GET', path: `/v1/leads/${ids[Math.floor(Math.random() * ids.length)]}` }),
    },
    {
      name: 'POST /v1/leads',
      request: () => ({
        method: 'POST',
        path: '/v1/leads',
        body: JSON.stringify({ ...exampleLead, email: `new-${process.pid}-${++created}@bench.example` }),
      }),
    },
  ]
}

export interface Run {
  rps: number
  p99: number
  requests: number
}

/** Milliseconds of CPU (user + system) each process has used so far, from /proc; a process gone reads as absent. */
function cpuMsOf(pids: readonly number[]): Map<number, number> {
  const used = new Map<number, number>()
  for (const pid of pids) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in 1/100 s.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10)
    } catch {
      // exited
    }
  }
  return used
}

interface Cpu {
  /** The server's process, per request. */
  node: number
  /** The database's backends, per request. */
  postgres: number
}

/**
 * Runs `work` and answers the CPU a request cost in the server and in the bench database's backends. On a busy
 * machine it moves much less than req/s (though contention still inflates it), so compare it within one run; the
 * servers take turns, so the backends busy are the ones of the server under load.
 */
async function withCpu(client: pg.Client, server: Server, work: () => Promise<Run>): Promise<Run & { cpu: Cpu }> {
  const backends = async () =>
    (
      await client.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      )
    ).rows.map((r) => r.pid)
  const node = server.child.pid!
  const before = cpuMsOf([node, ...(await backends())])
  const run = await work()
  const after = cpuMsOf([node, ...(await backends())])
  const spent = (pid: number) => (after.get(pid) ?? 0) - (before.get(pid) ?? 0)
  const postgres = [...after.keys()].filter((pid) => pid !== node).reduce((sum, pid) => sum + spent(pid), 0)
  return { ...run, cpu: { node: spent(node) / run.requests, postgres: postgres / run.requests } }
}

const cpuText = (cpu: Cpu) =>
  `CPU ${(cpu.node + cpu.postgres).toFixed(2)} ms/req (node ${cpu.node.toFixed(2)} + postgres ${cpu.postgres.toFixed(2)})`

export async function load(url: string, c: Case, connections: number, seconds: number): Promise<Run> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, ...c.request(0) }) }],
  })
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(`${c.name}: ${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`)
  return { rps: result.requests.average, p99: result.latency.p99, requests: result.requests.total }
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}
export const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

/** POST into one workspace with 1 then 32 connections: writers of one workspace should not queue behind each other. */
async function writerScaling(url: string, post: Case, runs: number, seconds: number, log: (line: string) => void) {
  const byWriters = new Map<number, Run[]>([
    [1, []],
    [32, []],
  ])
  for (let i = 0; i < runs; i++) {
    for (const [writers, results] of byWriters) {
      const run = await load(url, post, writers, seconds)
      results.push(run)
      log(
        `compare ${post.name} one workspace, ${writers} writer(s) run ${i + 1}/${runs}: ${fmt(run.rps)} req/s, p99 ${run.p99} ms`,
      )
    }
  }
  const [one, many] = [1, 32].map((w) => median(byWriters.get(w)!.map((r) => r.rps)))
  log(
    `compare ${post.name} one workspace: 32 writers ${fmt(many!)} req/s vs 1 writer ${fmt(one!)} req/s: ${(many! / one!).toFixed(2)}x`,
  )
}

export async function benchCompare({ quick = false, log = console.log }: CompareOptions = {}): Promise<BenchResult> {
  if (process.env.DATABASE_URL === undefined || process.env.DATABASE_URL === '')
    throw new Error('bench compare needs DATABASE_URL (the reference server is Fastify + pg)')
  const teardowns: (() => unknown)[] = []
  const database = await freshDatabase({ teardown: (fn) => teardowns.push(fn) })
  let service: Server | undefined
  let reference: Server | undefined
  const client = new pg.Client({ connectionString: database.url })
  try {
    service = await start(
      'src/server.ts',
      {
        DATABASE_URL: database.url!,
        BOOTSTRAP_API_KEY: KEY,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MAX: '100000000',
        WEBHOOK_WORKER: 'false',
      },
      profile(process.env.BENCH_PROFILE_DIR),
    )
    await client.connect()
    const workspaceId = (await client.query<{ id: string }>('select id from workspaces')).rows[0]!.id
    const ids = await seed(client, workspaceId)
    await client.query('analyze')
    reference = await start('test/bench/reference-server.ts', {
      DATABASE_URL: database.url!,
      WORKSPACE_ID: workspaceId,
    })
    const servers = { reference, service }
    const runs = quick ? 1 : 3
    const seconds = quick ? 3 : 10
    const ratios: number[] = []
    for (const connections of quick ? [32] : [32, 50]) {
      for (const c of cases(ids)) {
        for (const server of Object.values(servers)) await load(server.url, c, connections, quick ? 1 : 3) // warm-up
        const results: Record<keyof typeof servers, (Run & { cpu: Cpu })[]> = { reference: [], service: [] }
        for (let i = 0; i < runs; i++) {
          for (const name of ['reference', 'service'] as const) {
            const run = await withCpu(client, servers[name], () => load(servers[name].url, c, connections, seconds))
            results[name].push(run)
            log(
              `compare ${c.name} c=${connections} ${name} run ${i + 1}/${runs}: ${fmt(run.rps)} req/s, p99 ${run.p99} ms, ${cpuText(run.cpu)}`,
            )
          }
        }
        const ref = median(results.reference.map((r) => r.rps))
        const svc = median(results.service.map((r) => r.rps))
        ratios.push(svc / ref)
        const cpuMedian = (rs: (Run & { cpu: Cpu })[]): Cpu => ({
          node: median(rs.map((r) => r.cpu.node)),
          postgres: median(rs.map((r) => r.cpu.postgres)),
        })
        const [refCpu, svcCpu] = [cpuMedian(results.reference), cpuMedian(results.service)]
        const total = (cpu: Cpu) => cpu.node + cpu.postgres
        log(
          `compare ${c.name} c=${connections} median: reference ${fmt(ref)} req/s p99 ${median(results.reference.map((r) => r.p99))} ms | ` +
            `service ${fmt(svc)} req/s p99 ${median(results.service.map((r) => r.p99))} ms | ratio ${(svc / ref).toFixed(2)}x`,
        )
        log(
          `compare ${c.name} c=${connections} median: reference ${cpuText(refCpu)} | service ${cpuText(svcCpu)} | ` +
            `CPU ratio reference/service ${(total(refCpu) / total(svcCpu)).toFixed(2)}x`,
        )
      }
    }
    await writerScaling(service.url, cases(ids)[1]!, runs, seconds, log)
    return { name: 'compare', unit: 'service/reference', runs: ratios, median: median(ratios) }
  } finally {
    await client.end().catch(() => {})
    await stop(reference)
    await stop(service)
    for (const teardown of teardowns.reverse()) await teardown()
  }
}
