// A streamed answer as it leaves: NDJSON lines or CSV records, started only once the first one is ready.
import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'

export async function* ndjsonLines(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const item of items) yield `${JSON.stringify(item)}\n`
}

/** The header record, then one record per item's cells. */
export async function* csvLines(
  header: readonly string[],
  rows: AsyncIterable<readonly string[]>,
): AsyncGenerator<string> {
  yield stringify([header])
  for await (const cells of rows) yield stringify([cells])
}

/** Waits for the first chunk, so a failure before any output is still a problem response, not a cut-off 200. */
export async function started(chunks: AsyncGenerator<string>): Promise<Readable> {
  const first = await chunks.next()
  return Readable.from(
    (async function* () {
      if (first.done !== true) yield first.value
      yield* chunks
    })(),
  )
}
