// A streamed dataset (NDJSON objects or mapped CSV records), checked row by row against a schema: good rows flow on,
// bad rows are counted and the first few reasons kept with their line, so one bad row never fails the whole body.
import type { Readable } from 'node:stream'
import { AppError } from '../../errors.js'
import { ajvProblems, type Checker } from '../../schemas/ajv.js'
import type { ColumnMappingDefinition } from '../../schemas/column-mappings.js'
import type { DatasetTally } from '../../schemas/datasets.js'
import { csvRecords, ndjsonRows, UnreadableBody, type RawRow } from '../streaming/rows-in.js'
import { columnPlan, rowFromCells, type Purpose } from './column-plan.js'

export const MAX_REPORTED_PROBLEMS = 10

export type DatasetFormat = 'ndjson' | 'csv'

export interface Dataset<T> {
  /** Counts so far; final once `rows` is exhausted. */
  readonly tally: DatasetTally
  readonly rows: AsyncGenerator<T>
}

export interface DatasetOptions<T> {
  format: DatasetFormat
  purpose: Purpose
  check: Checker<T>
  /** CSV only. */
  mapping?: ColumnMappingDefinition | undefined
}

export async function mappedCsv(
  body: Readable,
  mapping: ColumnMappingDefinition | undefined,
  purpose: Purpose,
): Promise<AsyncGenerator<RawRow>> {
  const { header, records } = await csvRecords(body)
  const plan = columnPlan(header, mapping, purpose)
  return (async function* (): AsyncGenerator<RawRow> {
    let index = 0
    for await (const { cells, line } of records) {
      const extra = cells.slice(header.length)
      // A trailing separator (an extra empty cell) is harmless, as in the lead import.
      if (cells.length < header.length || extra.some((c) => c !== ''))
        yield { index: index++, line, problem: `the row has ${cells.length} cells; the header has ${header.length}` }
      else yield { index: index++, line, ...rowFromCells(plan, cells) }
    }
  })()
}

/** Resolves once the body is known to be readable: a CSV header that does not fit the mapping is a 400 here. */
export async function openDataset<T>(body: Readable, options: DatasetOptions<T>): Promise<Dataset<T>> {
  const raw = options.format === 'csv' ? await mappedCsv(body, options.mapping, options.purpose) : ndjsonRows(body)
  const tally: DatasetTally = { read: 0, skipped: 0, used: 0, problems: [] }
  const skip = (line: number, detail: string) => {
    tally.skipped++
    if (tally.problems.length < MAX_REPORTED_PROBLEMS) tally.problems.push({ line, detail })
  }
  const rows = async function* (): AsyncGenerator<T> {
    try {
      for await (const row of raw) {
        tally.read++
        if ('problem' in row) {
          skip(row.line, row.problem)
          continue
        }
        if (!options.check(row.value)) {
          const problems = ajvProblems(options.check.errors)
          skip(row.line, problems.map((p) => `${p.pointer} ${p.detail}`).join('; '))
          continue
        }
        tally.used++
        yield row.value
      }
    } catch (error) {
      if (!(error instanceof UnreadableBody)) throw error
      const where = error.line === undefined ? '' : ` (line ${error.line})`
      throw new AppError('MALFORMED_BODY', `the body cannot be read on${where}: ${error.message}`, { dataset: tally })
    }
  }
  return { tally, rows: rows() }
}
