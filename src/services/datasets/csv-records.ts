// Reads a CSV body as it arrives: the header first (so a wrong one is a 400 before anything else), then records.
import { pipeline, type Readable } from 'node:stream'
import { CsvError, parse } from 'csv-parse'
import { AppError } from '../../errors.js'
import { MAX_ROW_CHARS, UnreadableBody } from '../leads/import-rows.js'

export interface CsvRecord {
  cells: string[]
  /** The 1-based line of the body where the record ends. */
  line: number
}

type Parsed = { record: string[]; info: { lines: number } }

export async function csvRecords(input: Readable): Promise<{ header: string[]; records: AsyncGenerator<CsvRecord> }> {
  const parser = pipeline(
    input,
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_ROW_CHARS, info: true }),
    () => {},
  )
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<Parsed>
  let first: IteratorResult<Parsed>
  try {
    first = await iterator.next()
  } catch (error) {
    throw error instanceof CsvError ? new AppError('MALFORMED_BODY', `CSV: ${error.message}`) : error
  }
  if (first.done === true) throw new AppError('MALFORMED_BODY', 'the CSV body is empty: a header row is required')
  const records = async function* (): AsyncGenerator<CsvRecord> {
    while (true) {
      let next: IteratorResult<Parsed>
      try {
        next = await iterator.next()
      } catch (error) {
        throw error instanceof CsvError
          ? new UnreadableBody(`CSV: ${error.message}`, typeof error.lines === 'number' ? error.lines : undefined)
          : error
      }
      if (next.done === true) return
      yield { cells: next.value.record, line: next.value.info.lines }
    }
  }
  return { header: first.value.record, records: records() }
}
