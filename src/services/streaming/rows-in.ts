// Reads a streamed body row by row as it arrives: NDJSON lines or CSV records, each with its data-row index and line.
import { pipeline, type Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { CsvError, parse } from 'csv-parse'
import { AppError } from '../../errors.js'

/** A row may be as long as a JSON request body. */
export const MAX_ROW_CHARS = 1024 * 1024

export type RawRow = { index: number; line: number } & ({ value: unknown } | { problem: string })

/**
 * The body cannot be read on (broken CSV quoting, an endless line): the import stops there. Rows already answered
 * are written; rows read ahead but not yet answered are not, so fixing the body and importing it again is safe.
 */
export class UnreadableBody extends Error {
  constructor(
    message: string,
    readonly line?: number,
    readonly code: 'MALFORMED_BODY' | 'PAYLOAD_TOO_LARGE' = 'MALFORMED_BODY',
  ) {
    super(message)
  }
}

async function* lines(input: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8')
  let pending = ''
  let line = 0
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk)
    let start = 0
    for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n', start)) {
      line++
      yield pending.slice(start, end)
      start = end + 1
    }
    pending = pending.slice(start)
    if (pending.length > MAX_ROW_CHARS)
      throw new UnreadableBody(
        `line ${line + 1} is longer than ${MAX_ROW_CHARS} characters`,
        line + 1,
        'PAYLOAD_TOO_LARGE',
      )
  }
  pending += decoder.end()
  if (pending !== '') yield pending
}

export async function* ndjsonRows(input: AsyncIterable<Buffer | string>): AsyncGenerator<RawRow> {
  let line = 0
  let index = 0
  for await (const raw of lines(input)) {
    line++
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim()
    if (text === '') continue
    if (text.length > MAX_ROW_CHARS) {
      yield { index: index++, line, problem: `the line is longer than ${MAX_ROW_CHARS} characters` }
      continue
    }
    try {
      yield { index, line, value: JSON.parse(text) }
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error
      yield { index, line, problem: `not valid JSON: ${error.message}` }
    }
    index++
  }
}

export interface CsvRecord {
  cells: string[]
  /** The 1-based line of the body where the record ends. */
  line: number
}

type Parsed = { record: string[]; info: { lines: number } }

/** Reads the header first (so a wrong one is a 400 before anything else), then the records as they arrive. */
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

/** How the records of a CSV body read as rows: `plan` checks the header (throwing on a bad one) and gives its width. */
export interface CsvPlan {
  width: number
  row: (cells: readonly string[]) => unknown
}

/** CSV records as rows; `plan` checks the header before this resolves, so a bad one is a 400 before any write. */
export async function csvRows(input: Readable, plan: (header: string[]) => CsvPlan): Promise<AsyncGenerator<RawRow>> {
  const { header, records } = await csvRecords(input)
  const { width, row } = plan(header)
  return (async function* (): AsyncGenerator<RawRow> {
    let index = 0
    for await (const { cells, line } of records) {
      // A trailing separator (an extra empty cell) is harmless; other surplus or missing cells are this row's problem.
      const extra = cells.slice(width)
      yield cells.length < width || extra.some((c) => c !== '')
        ? { index, line, problem: `the row has ${cells.length} cells; the header has ${width}` }
        : { index, line, value: row(cells) }
      index++
    }
  })()
}
