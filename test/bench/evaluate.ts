// Benchmark: evaluations per second of the default rubric on the reference lead with 20 activities.
import { evaluate } from '../../src/qualification/index.js'
import { exampleInput } from './fixtures.js'
import { measure, type BenchResult, type MeasureOptions } from './measure.js'

export const EVALUATE_TARGET_PER_SECOND = 200_000

export async function benchEvaluate(options: MeasureOptions = {}): Promise<BenchResult> {
  const input = exampleInput(20)
  if (evaluate(input).decision !== 'qualified') throw new Error('benchmark input no longer qualifies: fix the fixture')
  return measure('evaluate', 'evaluations/s', () => evaluate(input), options)
}
