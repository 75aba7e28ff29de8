import { parseInstant } from './src/qualification/dates.js'
import { mixedActivities } from './test/bench/fixtures.js'
const ds = mixedActivities(20).map(a => a.occurred_at)
const N = 200000
for (const [n, f] of [['parseInstant', parseInstant], ['Date.parse', Date.parse]] as const) {
  let x = 0; for (let i = 0; i < 20000; i++) for (const d of ds) x += f(d)
  const t = performance.now(); for (let i = 0; i < N; i++) for (const d of ds) x += f(d)
  console.log(n, ((performance.now() - t) / N / 20 * 1e6).toFixed(1), 'ns each', x > 0)
}
