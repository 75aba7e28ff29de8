// The streamed import's driver: chunks written side by side within the window, never two that overlap, answers in
// row order, and a pause in the body never holding back the answers of a chunk already written.
import t from 'tap'
import { CHUNK_ROWS, runImport, type StreamLine } from '../../src/services/streaming/run-import.js'
import type { RawRow } from '../../src/services/streaming/rows-in.js'

type Outcome = { result: 'ok'; value: unknown }
type Summary = { ok: number }

const rowsOf = (values: unknown[], from = 0): RawRow[] =>
  values.map((value, i) => ({ index: from + i, line: from + i + 1, value }))

async function* body(parts: (RawRow[] | Promise<unknown>)[]): AsyncGenerator<RawRow> {
  for (const part of parts) {
    if (part instanceof Promise) await part
    else yield* part
  }
}

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

/** A writer whose chunks finish when the test says, noting which chunks were being written at once. */
function slowWriter() {
  const started: number[] = []
  const finish = new Map<number, () => void>()
  let writing = 0
  let mostAtOnce = 0
  const write = async (chunk: readonly RawRow[]): Promise<Outcome[]> => {
    const first = chunk[0]!.index
    started.push(first)
    mostAtOnce = Math.max(mostAtOnce, ++writing)
    const done = deferred()
    finish.set(first, done.resolve)
    await done.promise
    writing--
    return chunk.map((row) => ({ result: 'ok', value: 'value' in row ? row.value : null }))
  }
  return { write, started, finish, mostAtOnce: () => mostAtOnce }
}

async function collect(lines: AsyncGenerator<StreamLine<Outcome, Summary>>) {
  const out: StreamLine<Outcome, Summary>[] = []
  for await (const line of lines) out.push(line)
  return out
}

const tick = () => new Promise((resolve) => setImmediate(resolve))
const values = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}`)

t.test('chunks that share nothing are written at once and answered in row order', async (t) => {
  const writer = slowWriter()
  const rows = [...rowsOf(values(CHUNK_ROWS, 'a')), ...rowsOf(values(CHUNK_ROWS, 'b'), CHUNK_ROWS)]
  const window = { window: 2, keys: () => [] }
  const done = collect(runImport(body([rows]), writer.write, { ok: 0 }, undefined, window))
  while (writer.started.length < 2) await tick()
  writer.finish.get(CHUNK_ROWS)!() // the later chunk commits first
  await tick()
  writer.finish.get(0)!()
  const out = await done
  t.equal(writer.mostAtOnce(), 2)
  t.same(
    out.slice(0, -1).map((l) => ('index' in l ? l.index : -1)),
    rows.map((r) => r.index),
  )
  t.same(out.at(-1), { summary: { ok: 2 * CHUNK_ROWS } })
})

t.test('a chunk that overlaps one being written waits for it; the window bounds the rest', async (t) => {
  const writer = slowWriter()
  const rows = [0, 1, 2].flatMap((k) => rowsOf(values(CHUNK_ROWS, `c${k}-`), k * CHUNK_ROWS))
  // The third chunk shares a key with the first; with a window of 3, only that holds it back.
  const keys = (chunk: readonly RawRow[]) => [chunk[0]!.index === CHUNK_ROWS ? 'own' : 'shared']
  const done = collect(runImport(body([rows]), writer.write, { ok: 0 }, undefined, { window: 3, keys }))
  while (writer.started.length < 2) await tick()
  for (let i = 0; i < 20; i++) await tick()
  t.same(writer.started, [0, CHUNK_ROWS], 'the overlapping chunk has not started')
  writer.finish.get(0)!()
  while (writer.started.length < 3) await tick()
  writer.finish.get(CHUNK_ROWS)!()
  writer.finish.get(2 * CHUNK_ROWS)!()
  t.same((await done).at(-1), { summary: { ok: 3 * CHUNK_ROWS } })
})

t.test('a body that pauses between chunks gets the answers of the written chunk meanwhile', async (t) => {
  const writer = slowWriter()
  const more = deferred()
  const lines = runImport(
    body([rowsOf(values(CHUNK_ROWS, 'p')), more.promise, rowsOf(['last'], CHUNK_ROWS)]),
    writer.write,
    { ok: 0 },
    undefined,
    { window: 2, keys: () => [] },
  )
  const first = lines.next()
  while (writer.started.length < 1) await tick()
  writer.finish.get(0)!()
  t.match((await first).value, { index: 0, result: 'ok' }, 'answered while the body is still paused')
  more.resolve()
  const rest = collect(lines)
  while (writer.started.length < 2) await tick()
  writer.finish.get(CHUNK_ROWS)!()
  t.same((await rest).at(-1), { summary: { ok: CHUNK_ROWS + 1 } })
})
