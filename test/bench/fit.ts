// Benchmark and check: fit a rubric on X Education's honest columns (70/30 split), against a plain regression.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { oneHotRegression } from '../../examples/one-hot-regression.js'
import {
  assignRow,
  compileRubric,
  createFit,
  createBacktest,
  templates,
  type FitResult,
  type LabelledRow,
} from '../../src/qualification/index.js'
import type { BenchResult } from './measure.js'

const FILE = join(import.meta.dirname, '../../../shared/data/x_education/Leads.csv')
// Filled in by sales staff after contact (see ../shared/data/README.md): they would leak the outcome.
const LEAKY = new Set(['Tags', 'Lead Quality', 'Last Notable Activity', 'Last Activity'])
const NOT_FEATURES = new Set(['Prospect ID', 'Lead Number', 'Converted', ''])
const NUMERIC = new Set([
  'TotalVisits',
  'Total Time Spent on Website',
  'Page Views Per Visit',
  'Asymmetrique Activity Score',
  'Asymmetrique Profile Score',
])
export const SEED = 7
export const HOLDOUT = 0.3

function key(column: string): string {
  return column
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 64)
}

type Cell = string | number | boolean | null

function value(column: string, text: string): Cell {
  const t = text.trim()
  if (t === '' || t === 'Select') return null
  if (NUMERIC.has(column)) return Number(t)
  if (t === 'Yes' || t === 'No') return t === 'Yes'
  return t
}

export interface XEducation {
  readonly columns: string[]
  readonly rows: LabelledRow[]
}

export function loadXEducation(): XEducation {
  const records = parse(readFileSync(FILE, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[]
  const columns = Object.keys(records[0] ?? {}).filter((c) => !LEAKY.has(c) && !NOT_FEATURES.has(c))
  const rows = records.map((r, i): LabelledRow => {
    const attributes: Record<string, Cell> = {}
    for (const c of columns) attributes[key(c)] = value(c, r[c] ?? '')
    return {
      lead: { email: `lead${i}@x-education.example`, attributes },
      as_of: '2020-01-01T00:00:00Z',
      outcome: r['Converted'] === '1' ? 'won' : 'lost',
    }
  })
  return { columns: columns.map(key), rows }
}

/** The plain regression on the same split and columns (see examples/one-hot-regression.ts). */
export function baseline(data: XEducation, seed = SEED): { auc: number; brier: number } {
  const isTest = data.rows.map((_, i) => assignRow(seed, i, HOLDOUT, 5).holdout)
  const train = data.rows.filter((_, i) => !isTest[i])
  const test = data.rows.filter((_, i) => isTest[i])
  const figures = oneHotRegression(data.columns, train, test)
  return { auc: figures.auc?.value ?? 0, brier: figures.brier ?? 1 }
}

export function fitXEducation(data: XEducation, seed = SEED): FitResult {
  const fit = createFit({
    base: { definition: { ...templates.bant_fit.definition } },
    propose_rules: { fields: data.columns.map((c) => `attributes.${c}`) },
    seed,
    holdout: HOLDOUT,
  })
  for (const row of data.rows) fit.add(row)
  return fit.result()
}

export async function benchFit(): Promise<BenchResult> {
  const data = loadXEducation()
  const runs: number[] = []
  let result: FitResult | undefined
  for (let i = 0; i < 3; i++) {
    const start = performance.now()
    result = fitXEducation(data)
    runs.push((performance.now() - start) / 1000)
    console.log(`fit X Education run ${i + 1}/3: ${runs.at(-1)?.toFixed(2)} s`)
  }
  const plain = baseline(data)
  const held = result?.holdout
  console.log(
    `fitted rubric: test AUC ${held?.auc?.value} [${held?.auc?.lower}, ${held?.auc?.upper}], Brier ${held?.brier}, log loss ${held?.log_loss}; cv AUC ${result?.cross_validation.auc}, l2 ${result?.cross_validation.l2}, criteria ${Object.keys(result?.definition.criteria ?? {}).length}`,
  )
  console.log(`plain logistic regression (one-hot): test AUC ${plain.auc.toFixed(6)}, Brier ${plain.brier.toFixed(6)}`)
  const def = createBacktest({ id: 'bant_fit', version: 1, compiled: compileRubric(templates.bant_fit.definition) })
  data.rows.forEach((r, i) => {
    if (assignRow(SEED, i, HOLDOUT, 5).holdout) def.add(r)
  })
  console.log(`default bant_fit on the same test rows: AUC ${def.report().auc?.value}`)
  const sorted = [...runs].sort((a, b) => a - b)
  return { name: 'fit', unit: 'seconds', runs, median: sorted[1] ?? 0 }
}
