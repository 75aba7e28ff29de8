// `npm run bench [name...]`: runs the named benchmarks (all by default), one after the other, single-threaded.
import { BACKTEST_TARGET_PER_SECOND, benchBacktest } from './backtest.js'
import { benchBacktestHttp } from './backtest-http.js'
import { benchCompare } from './compare.js'
import { benchEvaluate, EVALUATE_TARGET_PER_SECOND } from './evaluate.js'
import { benchFit } from './fit.js'
import { benchHttp } from './http.js'
import { benchImport } from './import.js'
import { benchInsight } from './insight.js'
import { benchLists } from './lists.js'
import { benchPglite } from './pglite.js'
import type { BenchResult } from './measure.js'

interface Bench {
  readonly run: () => Promise<BenchResult>
  /** Median rate below which the run fails, if any. */
  readonly target?: number
}

// Add new benchmarks here.
const benches: Record<string, Bench> = {
  evaluate: { run: () => benchEvaluate(), target: EVALUATE_TARGET_PER_SECOND },
  // A whole backtest of 100,000 labelled rows (default rubric, 0-11 activities each), reported per row.
  backtest: { run: () => benchBacktest(), target: BACKTEST_TARGET_PER_SECOND },
  // Fits a rubric on X Education (70/30, honest columns), prints its test AUC next to a plain regression's; seconds.
  fit: { run: () => benchFit() },
  // The same rows streamed as NDJSON through POST /v1/rubrics/backtest, 100,000 then 1,000,000: rows/s and peak RSS.
  // `-- --rows=20000,200000` picks other sizes.
  'backtest-http': { run: () => benchBacktestHttp(sizesFlag()) },
  // Streams 10,000 then 100,000 CSV rows through POST /v1/leads/import; takes minutes. Peak RSS should not grow with the rows.
  // The service in a child process under autocannon over real sockets: the API's own overhead.
  http: { run: () => benchHttp() },
  import: { run: () => benchImport() },
  // Lead list sorts and filters and the funnel on a seeded workspace (BENCH_LEADS, default 200,000): p95 ms and plans.
  lists: { run: () => benchLists() },
  // Reports and list filters over HTTP on 1,000,000 seeded leads (BENCH_LEADS): medians, p95s and plans.
  // Needs DATABASE_URL; `--keep` keeps the seeded database, BENCH_DATABASE_URL and BENCH_KEY reuse it.
  insight: { run: () => benchInsight(flags) },
  // The service against a hand-written Fastify + pg server, alternating runs; ratios of medians. Needs DATABASE_URL.
  compare: { run: () => benchCompare({ quick: flags.has('--quick') }) },
  // The service on embedded PGlite (no DATABASE_URL) under the same load: GET and POST req/s and p99.
  pglite: { run: () => benchPglite({ quick: flags.has('--quick') }) },
}

function sizesFlag(): number[] | undefined {
  const given = [...flags].find((f) => f.startsWith('--rows='))
  if (given === undefined) return undefined
  const sizes = given.slice('--rows='.length).split(',').map(Number)
  if (sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`--rows wants row counts, e.g. --rows=1000,10000`)
  return sizes
}

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !(n in benches))
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${Object.keys(benches).join(', ')}`)
    return 2
  }
  let failed = 0
  for (const name of names.length > 0 ? names : Object.keys(benches)) {
    const bench = benches[name]
    if (bench === undefined) continue
    const result = await bench.run()
    if (bench.target !== undefined && result.median < bench.target) {
      console.error(
        `${name}: median ${Math.round(result.median)} ${result.unit} is below the target of ${bench.target}`,
      )
      failed++
    }
  }
  return failed > 0 ? 1 : 0
}

const args = process.argv.slice(2)
const flags = new Set(args.filter((a) => a.startsWith('--')))
process.exitCode = await main(args.filter((a) => !a.startsWith('--')))
