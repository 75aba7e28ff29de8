// A tiny harness: warm up, then repeat timed runs of a synchronous operation and report the median rate.

export interface BenchResult {
  readonly name: string
  readonly unit: string
  readonly runs: readonly number[]
  readonly median: number
}

export interface MeasureOptions {
  readonly runs?: number
  readonly runMs?: number
  readonly warmupMs?: number
  /** Calls between two readings of the clock (default 500); 1 for operations that take long. */
  readonly batch?: number
  readonly log?: (line: string) => void
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
}

// Checks the clock every `batch` calls so reading it costs nothing measurable.
function timed(op: () => unknown, ms: number, batch: number): { calls: number; elapsed: number; sink: unknown } {
  const start = performance.now()
  let calls = 0
  let elapsed = 0
  let sink: unknown
  do {
    for (let i = 0; i < batch; i++) sink = op()
    calls += batch
    elapsed = performance.now() - start
  } while (elapsed < ms)
  return { calls, elapsed, sink }
}

export function measure(name: string, unit: string, op: () => unknown, options: MeasureOptions = {}): BenchResult {
  const { runs = 7, runMs = 1000, warmupMs = 1000, log = console.log, batch = 500 } = options
  timed(op, warmupMs, batch)
  const rates: number[] = []
  for (let run = 1; run <= runs; run++) {
    const { calls, elapsed } = timed(op, runMs, batch)
    const rate = (calls / elapsed) * 1000
    rates.push(rate)
    log(
      `${name} run ${run}/${runs}: ${Math.round(rate).toLocaleString('en-US')} ${unit} (${calls} in ${elapsed.toFixed(0)} ms)`,
    )
  }
  const result = { name, unit, runs: rates, median: median(rates) }
  log(`${name} median: ${Math.round(result.median).toLocaleString('en-US')} ${unit}`)
  return result
}

/** Samples this process's RSS until `stop()`, which answers the peak seen (the current RSS included). */
export function peakRss(everyMs = 50): { start: number; peak: () => number; stop: () => number } {
  const start = process.memoryUsage().rss
  let peak = start
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss))
  const timer = setInterval(sample, everyMs)
  return {
    start,
    peak: () => peak,
    stop: () => {
      clearInterval(timer)
      return sample()
    },
  }
}
