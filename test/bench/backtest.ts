// Benchmark: backtest rows per second of the default rubric over 100,000 varied labelled rows (one core).
import {
  compileRubric,
  createBacktest,
  templates,
  type LabelledRow,
  type LeadFacts,
} from '../../src/qualification/index.js'
import { exampleLead, mixedActivities } from './fixtures.js'
import { measure, type BenchResult, type MeasureOptions } from './measure.js'

export const BACKTEST_TARGET_PER_SECOND = 20_000
const ROWS = 100_000
const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'senior', 'entry'] as const

/** Rows that differ in their facts and activities, so no cache makes the benchmark look faster than real use. */
export function labelledRows(count: number): LabelledRow[] {
  return Array.from({ length: count }, (_, i): LabelledRow => {
    const lead: LeadFacts = {
      ...exampleLead,
      email: `lead${i}@example.org`,
      seniority: SENIORITIES[i % SENIORITIES.length],
      company: { ...exampleLead.company, employee_count: (i * 37) % 2000 },
    }
    return {
      lead,
      activities: mixedActivities(i % 12),
      as_of: '2026-11-26T12:00:00.000Z',
      outcome: i % 3 === 0 ? 'won' : 'lost',
    }
  })
}

export async function benchBacktest(options: MeasureOptions = {}): Promise<BenchResult> {
  const rows = labelledRows(ROWS)
  const rubric = { id: 'bant_fit', version: 1, compiled: compileRubric(templates.bant_fit.definition) }
  // One operation is a whole backtest of 100,000 rows; the rate is reported per row.
  const result = measure(
    'backtest (100,000 rows)',
    'backtests/s',
    () => {
      const backtest = createBacktest(rubric)
      for (const row of rows) backtest.add(row)
      return backtest.report()
    },
    { runs: 5, runMs: 1, warmupMs: 1, batch: 1, ...options },
  )
  const perRow = { ...result, unit: 'rows/s', median: result.median * ROWS, runs: result.runs.map((r) => r * ROWS) }
  ;(options.log ?? console.log)(`backtest: median ${Math.round(perRow.median)} rows/s`)
  return perRow
}
