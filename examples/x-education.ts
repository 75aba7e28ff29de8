// `npm run example:x-education`: fits a rubric on X Education's honest columns through the HTTP API, backtests it on
// a held-out 30% next to a plain logistic regression and the default rubric, and prints the figures side by side.
import { existsSync, readFileSync } from 'node:fs'
import { request, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { openDatabase, type DatabaseHandle } from '../src/db/client.js'
import { assignRow, type BacktestReport, type LabelledRow } from '../src/qualification/index.js'
import type { CreateColumnMappingBody } from '../src/schemas/column-mappings.js'
import { columnPlan, rowFromCells } from '../src/services/datasets/column-plan.js'
import { createWorkspace } from '../src/services/workspaces/create-workspace.js'
import { oneHotRegression, type HeldOutFigures } from './one-hot-regression.js'

/** Kept out of the repository (see /work/shared/data/README.md): read from ../shared/data next to the repo. */
export const DATA_FILE = resolve(import.meta.dirname, '../../shared/data/x_education/Leads.csv')
export const MAPPING_FILE = join(import.meta.dirname, 'x-education.mapping.json')
export const SEED = 7
export const TEST_SHARE = 0.3

export interface ExampleOptions {
  /** Keep one data row in `every` (1: all of them); a smaller run for the test. */
  readonly every?: number
  readonly log?: (line: string) => void
  /** A migrated database to use and leave open; by default DATABASE_URL, else a fresh in-memory PGlite. */
  readonly database?: DatabaseHandle
}

export interface ExampleFigures {
  readonly rows: { training: number; test: number }
  readonly fitted: BacktestReport
  readonly regression: HeldOutFigures
  readonly defaultRubric: BacktestReport
  readonly fit: { rubricId: string; version: number; crossValidatedAuc: number | null; criteria: string[] }
}

export function readMapping(): CreateColumnMappingBody {
  return JSON.parse(readFileSync(MAPPING_FILE, 'utf8')) as CreateColumnMappingBody
}

function readRecords(every: number): { header: string[]; records: string[][] } {
  if (!existsSync(DATA_FILE))
    throw new Error(
      `X Education data not found at ${DATA_FILE}: put Leads.csv in ../shared/data/x_education/ next to the repository`,
    )
  const [header, ...records] = parse(readFileSync(DATA_FILE, 'utf8'), { skip_empty_lines: true }) as string[][]
  return { header: header!, records: records.filter((_, i) => i % every === 0) }
}

interface Answer {
  status: number
  body: any
}

/** One request over a real socket; a CSV body is written in chunks as the service reads it. */
async function send(port: number, key: string, path: string, type: string, body: Iterable<string>): Promise<Answer> {
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    headers: { authorization: `Bearer ${key}`, 'content-type': type },
  })
  Readable.from(body).pipe(req)
  const [res] = (await once(req)) as [IncomingMessage]
  let text = ''
  for await (const chunk of res) text += String(chunk)
  return { status: res.statusCode ?? 0, body: JSON.parse(text) }
}

const once = (req: ReturnType<typeof request>) =>
  new Promise<[IncomingMessage]>((done, fail) => {
    req.once('response', (res) => done([res]))
    req.once('error', fail)
  })

function* csvChunks(header: string[], records: readonly string[][]): Generator<string> {
  yield stringify([header])
  for (let i = 0; i < records.length; i += 500) yield stringify(records.slice(i, i + 500))
}

function expect(answer: Answer, status: number, what: string): any {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body)}`)
  return answer.body
}

/** The rows exactly as the API reads them through the mapping, for the regression to see the same values. */
function mappedRows(header: string[], records: readonly string[][], mapping: CreateColumnMappingBody): LabelledRow[] {
  const plan = columnPlan(header, mapping.definition, 'labelled')
  return records.map((cells) => {
    const row = rowFromCells(plan, cells)
    if ('problem' in row) throw new Error(row.problem)
    return row.value as LabelledRow
  })
}

export function attributeKeys(mapping: CreateColumnMappingBody): string[] {
  return Object.values(mapping.definition.columns)
    .map((rule) => (typeof rule === 'string' ? rule : rule.to))
    .filter((to) => to.startsWith('attributes.'))
    .map((to) => to.slice('attributes.'.length))
}

export async function runXEducation(options: ExampleOptions = {}): Promise<ExampleFigures> {
  const log = options.log ?? (() => {})
  const mapping = readMapping()
  const { header, records } = readRecords(options.every ?? 1)
  const isTest = records.map((_, i) => assignRow(SEED, i, TEST_SHARE, 5).holdout)
  const train = records.filter((_, i) => !isTest[i])
  const test = records.filter((_, i) => isTest[i])
  log(`X Education: ${records.length} leads, seed ${SEED}: ${train.length} to fit on, ${test.length} to test on`)

  const database = options.database ?? (await openDatabase({ DATABASE_URL: process.env.DATABASE_URL || undefined }))
  if (options.database === undefined) await database.migrate()
  const app = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'warn', WEBHOOK_WORKER: 'false' }),
    db: database.db,
    logStream: process.stderr,
  })
  try {
    const { key } = await database.db.transaction((tx) => createWorkspace(tx, 'X Education example'))
    await app.listen({ host: '127.0.0.1', port: 0 })
    const { port } = app.server.address() as AddressInfo
    const post = (path: string, type: string, body: Iterable<string>) => send(port, key, path, type, body)

    const created = expect(
      await post('/v1/column-mappings', 'application/json', [JSON.stringify(mapping)]),
      201,
      'POST /v1/column-mappings',
    )
    const csv = `mapping_id=${created.id}`
    log(`column mapping ${created.id} stored; fitting on ${train.length} rows through POST /v1/rubrics/fit…`)
    const started = performance.now()
    const fitted = expect(
      await post(
        `/v1/rubrics/fit?${csv}&propose_rules=true&seed=${SEED}&holdout=0&name=X%20Education%20(fitted)`,
        'text/csv',
        csvChunks(header, train),
      ),
      201,
      'POST /v1/rubrics/fit',
    )
    const { rubric } = fitted
    log(
      `fitted draft version ${rubric.version} of rubric ${rubric.id} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
    const backtest = async (query: string, what: string): Promise<BacktestReport> =>
      expect(await post(`/v1/rubrics/backtest?${query}`, 'text/csv', csvChunks(header, test)), 200, what).report
    const fittedReport = await backtest(`${csv}&rubric_id=${rubric.id}&rubric_version=${rubric.version}`, 'fitted')
    const defaultReport = await backtest(csv, 'default rubric')
    const rows = mappedRows(header, records, mapping)
    const regression = oneHotRegression(
      attributeKeys(mapping),
      rows.filter((_, i) => !isTest[i]),
      rows.filter((_, i) => isTest[i]),
    )
    return {
      rows: { training: train.length, test: test.length },
      fitted: fittedReport,
      regression,
      defaultRubric: defaultReport,
      fit: {
        rubricId: rubric.id,
        version: rubric.version,
        crossValidatedAuc: rubric.fit?.cross_validation?.auc ?? null,
        criteria: Object.keys(rubric.definition.criteria),
      },
    }
  } finally {
    await app.close()
    if (options.database === undefined) await database.close()
  }
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '–' : x.toFixed(3))
const aucText = (a: { value: number; lower: number; upper: number } | null | undefined) =>
  a === null || a === undefined ? '–' : `${f3(a.value)} [${f3(a.lower)}, ${f3(a.upper)}]`

function spread(report: BacktestReport): string[] {
  const segment = (name: string, s: { rows: number; conversion: number | null }) =>
    `${name} ${s.rows} (${s.conversion === null ? '–' : `${(s.conversion * 100).toFixed(0)}% won`})`
  return [
    `  grades:    ${report.grades.map((g) => segment(g.grade, g)).join(', ')}`,
    `  decisions: ${report.decisions.map((d) => segment(d.decision, d)).join(', ')}`,
  ]
}

/** The figures as a table, and whether the fitted rubric met the issue's target (≥ the regression's AUC and Brier). */
export function describe(figures: ExampleFigures): { lines: string[]; met: boolean } {
  const { fitted, regression, defaultRubric: plain } = figures
  const table = [
    ['', 'test AUC [95% interval]', 'Brier', 'log loss'],
    [`fitted rubric (draft v${figures.fit.version})`, aucText(fitted.auc), f3(fitted.brier), f3(fitted.log_loss)],
    ['logistic regression', aucText(regression.auc), f3(regression.brier), f3(regression.logLoss)],
    ['default BANT + fit', aucText(plain.auc), f3(plain.brier), f3(plain.log_loss)],
  ]
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => r[c]!.length)))
  const met = (fitted.auc?.value ?? 0) >= (regression.auc?.value ?? 1) && (fitted.brier ?? 1) <= (regression.brier ?? 0)
  const lines = [
    ...table.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')),
    '',
    `Brier and log loss judge the fitted rubric's win_probability (${fitted.probability_source}) and the default ` +
      `rubric's ${plain.probability_source}.`,
    `Fitted rubric: ${figures.fit.criteria.length} criteria, cross-validated AUC ${f3(figures.fit.crossValidatedAuc)}`,
    ...spread(fitted),
    'Default BANT + fit (these columns are all attributes, which it does not read):',
    ...spread(plain),
    '',
    met
      ? 'Target met: the fitted rubric ranks at least as well as the regression, with a Brier score no worse.'
      : 'Target NOT met: the fitted rubric is behind the regression on AUC or Brier.',
  ]
  return { lines, met }
}

async function main(): Promise<void> {
  if (!existsSync(DATA_FILE)) {
    console.error(`${DATA_FILE} is missing: this example needs the X Education data set (../shared/data/README.md).`)
    process.exitCode = 2
    return
  }
  const figures = await runXEducation({ log: (line) => console.log(line) })
  const { lines, met } = describe(figures)
  console.log(`\nHeld-out test rows: ${figures.rows.test}\n`)
  for (const line of lines) console.log(line)
  if (!met) process.exitCode = 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
