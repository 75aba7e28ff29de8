// Runs a streamed import: reads rows into chunks, hands each chunk to the use case, and yields one result line per
// row in order, then the summary. A chunk is cut at CHUNK_ROWS or when the body pauses, so answers keep flowing.
// The next chunk is read and prepared (parsed, checked, scored) while the database writes the current one; a use case
// may let chunks that share no record be written side by side (see Concurrency).
import { AppError } from '../../errors.js'
import { UnreadableBody, type RawRow } from './rows-in.js'

export const CHUNK_ROWS = 500
/** How long a partly filled chunk waits for more rows before it is written anyway. */
const PAUSE_MS = 50

export type Aborted = { line?: number; detail: string }
type Located<O> = O & { index: number; line: number }
export type StreamLine<O, S> = Located<O> | { summary: S; aborted?: Aborted }

/** Writes one chunk; answers one outcome per row, in order. Throws only for a fault of the server. */
export type ChunkWriter<O, P = readonly RawRow[]> = (prepared: P) => Promise<O[]>
/** Readies a chunk for its writer without the database (checks, scoring), while the chunk before it is written. */
export type ChunkPreparer<P> = (rows: readonly RawRow[]) => P

function abortion(error: unknown): Aborted {
  if (error instanceof UnreadableBody)
    return error.line === undefined ? { detail: error.message } : { line: error.line, detail: error.message }
  if (error instanceof AppError) return { detail: error.detail }
  throw error
}

/** A body unreadable before its first row is refused as a whole: nothing was written, so nothing is half-answered. */
function refusal(error: unknown): unknown {
  if (!(error instanceof UnreadableBody)) return error
  const where = error.line === undefined ? '' : `line ${error.line}: `
  return new AppError(error.code, error.message, {
    errors: [{ pointer: '/', in: 'body', detail: `${where}${error.message}` }],
  })
}

type Read = { done: false; row: RawRow } | { done: true } | { error: unknown }
const PAUSED = Symbol('paused')

const settle = (next: Promise<IteratorResult<RawRow>>): Promise<Read> =>
  next.then(
    (r): Read => (r.done === true ? { done: true } : { done: false, row: r.value }),
    (error: unknown): Read => ({ error }),
  )

/** PAUSE_MS counted from when `after` settles: while the chunk before is being written, a pause cuts nothing. */
function pause(after: Promise<unknown>): { promise: Promise<typeof PAUSED>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined
  let cancelled = false
  const promise = after.then(
    () =>
      new Promise<typeof PAUSED>((resolve) => {
        if (!cancelled) timer = setTimeout(() => resolve(PAUSED), PAUSE_MS)
      }),
  )
  return {
    promise,
    cancel: () => {
      cancelled = true
      clearTimeout(timer)
    },
  }
}

/** Reads the next chunk; `end` says the body ended (or failed) after it. */
async function readChunk(
  rows: AsyncGenerator<RawRow>,
  state: { pending?: Promise<Read> | undefined },
  writing: Promise<unknown>,
): Promise<{ chunk: RawRow[]; end?: { error?: unknown } }> {
  const chunk: RawRow[] = []
  while (chunk.length < CHUNK_ROWS) {
    state.pending ??= settle(rows.next())
    let read: Read | typeof PAUSED
    if (chunk.length === 0) read = await state.pending
    else {
      const timer = pause(writing)
      read = await Promise.race([state.pending, timer.promise])
      timer.cancel()
    }
    if (read === PAUSED) return { chunk }
    state.pending = undefined
    if ('error' in read) return { chunk, end: { error: read.error } }
    if (read.done) return { chunk, end: {} }
    chunk.push(read.row)
  }
  return { chunk }
}

type Prepared<P> = Awaited<ReturnType<typeof readChunk>> & { prepared?: P }

async function readPrepared<P>(
  rows: AsyncGenerator<RawRow>,
  state: { pending?: Promise<Read> | undefined },
  prepare: ChunkPreparer<P>,
  writing: Promise<unknown>,
): Promise<Prepared<P>> {
  const read = await readChunk(rows, state, writing)
  return read.chunk.length === 0 ? read : { ...read, prepared: prepare(read.chunk) }
}

/** How a use case lets chunks be written concurrently: `window` writes at most, and never two that share a key. */
export interface Concurrency<P> {
  window: number
  /** The records a prepared chunk touches: a chunk waits for the commit of any being written that shares one. */
  keys: (prepared: P) => Iterable<string>
}

interface Writing<O> {
  chunk: RawRow[]
  keys: ReadonlySet<string>
  outcomes: Promise<O[]>
}

const sharesAKey = (earlier: ReadonlySet<string>, later: ReadonlySet<string>) => {
  for (const key of later) if (earlier.has(key)) return true
  return false
}

/**
 * Starts the chunk's write once no chunk it overlaps is still being written. Chunks that share no record may commit
 * out of order: each is answered only after its own commit, and answers keep the rows' order. Should a write fail,
 * the response ends there; a later chunk may have been written without being answered, which re-running the import
 * (safe: its rows are then "unchanged") settles.
 */
async function startWrite<O, P>(
  inFlight: Writing<O>[],
  chunk: RawRow[],
  prepared: P,
  write: ChunkWriter<O, P>,
  keysOf: Concurrency<P>['keys'],
): Promise<void> {
  const keys = new Set(keysOf(prepared))
  await Promise.allSettled(inFlight.filter((w) => sharesAKey(w.keys, keys)).map((w) => w.outcomes))
  const outcomes = write(prepared)
  // Awaited in turn; should an earlier chunk fail first, its failure is the one reported.
  outcomes.catch(() => {})
  inFlight.push({ chunk, keys, outcomes })
}

const SEQUENTIAL: Concurrency<unknown> = { window: 1, keys: () => [] }
const settled = (p: Promise<unknown>) =>
  p.then(
    () => {},
    () => {},
  )

/** Whether the next chunk is read before the oldest write's answers go out: only if it is ready first. */
async function readFirst(next: Promise<unknown>, oldest: Writing<unknown> | undefined): Promise<boolean> {
  if (oldest === undefined) return true
  return Promise.race([next.then(() => true), settled(oldest.outcomes).then(() => false)])
}

export async function* runImport<
  O extends { result: string },
  S extends Record<O['result'], number>,
  P = readonly RawRow[],
>(
  rows: AsyncGenerator<RawRow>,
  write: ChunkWriter<O, P>,
  summary: S,
  prepare: ChunkPreparer<P> = (chunk) => chunk as P,
  concurrency: Concurrency<P> = SEQUENTIAL,
): AsyncGenerator<StreamLine<O, S>> {
  const state: { pending?: Promise<Read> | undefined } = {}
  const inFlight: Writing<O>[] = []
  let answered = 0
  let end: { error?: unknown } | undefined
  let next: Promise<Prepared<P>> | undefined = readPrepared(rows, state, prepare, Promise.resolve())
  while (next !== undefined || inFlight.length > 0) {
    if (next !== undefined && inFlight.length < concurrency.window && (await readFirst(next, inFlight[0]))) {
      const read: Prepared<P> = await next
      end = read.end
      if (end?.error !== undefined && answered + inFlight.length + read.chunk.length === 0) throw refusal(end.error)
      if (read.chunk.length > 0) await startWrite(inFlight, read.chunk, read.prepared as P, write, concurrency.keys)
      // Read while the oldest chunk is written: a pause in the body cuts a chunk only once that write has settled.
      next =
        end === undefined
          ? readPrepared(rows, state, prepare, settled(inFlight[0]?.outcomes ?? Promise.resolve()))
          : undefined
      next?.catch(() => {})
      continue
    }
    const oldest = inFlight.shift()!
    const outcomes = await oldest.outcomes
    for (const [i, outcome] of outcomes.entries()) {
      ;(summary as Record<string, number>)[outcome.result]!++
      yield { index: oldest.chunk[i]!.index, line: oldest.chunk[i]!.line, ...outcome }
    }
    answered += oldest.chunk.length
  }
  // Only reading the body may abort the import; a database failure is a server error and ends the response.
  const aborted = end?.error === undefined ? undefined : abortion(end.error)
  yield aborted === undefined ? { summary } : { summary, aborted }
}
