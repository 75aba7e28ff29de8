// Runs the spec files of a folder in one test process. A process of its own costs each file 2-3 s of CPU before its
// first test (tsx's and tap's loader hooks, the app's modules, PGlite's wasm): more than most of them take to run.
// Each spec adds its tests to tap's root test as it loads; `npx tap <file>.spec.ts` still runs one alone.
import { readdirSync } from 'node:fs'
import t from 'tap'

/** Loads every `*.spec.ts` in `folder` (sorted), or every `of`-th one starting at `part` (0-based). */
export function runSpecs(folder: URL, { part = 0, of = 1 } = {}): Promise<unknown> {
  // The whole group, not each file, is what tap's per-file timeout now bounds.
  t.setTimeout(600_000)
  const specs = readdirSync(folder)
    .filter((file) => file.endsWith('.spec.ts'))
    .sort()
    .filter((_, index) => index % of === part)
  // Loading inside a test keeps the root test open: a spec that awaits its app before adding tests would otherwise
  // find the root ended once the tests of the spec before it had run. Their tests run after this one, in file order.
  return t.test(`load ${specs.length} spec files of ${folder.pathname.replace(/^.*\/test\//, 'test/')}`, async (t) => {
    for (const spec of specs) await import(new URL(spec, folder).href)
    t.pass(specs.join(', '))
  })
}
