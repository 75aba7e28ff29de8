// Keeps src/qualification pure: it imports only typebox and itself, and never reads the clock or randomness.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'

const dir = join(import.meta.dirname, '../../../src/qualification')
const files = readdirSync(dir).filter((f) => f.endsWith('.ts'))

t.test('imports stay inside the module or typebox', async (t) => {
  for (const file of files) {
    const source = readFileSync(join(dir, file), 'utf8')
    const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1] ?? '')
    const foreign = specifiers.filter((s) => !/^\.\/[\w-]+\.js$/.test(s) && !/^typebox(\/\w+)?$/.test(s))
    t.same(foreign, [], file)
  }
})

t.test('no clock, no randomness, no environment', async (t) => {
  for (const file of files) {
    const source = readFileSync(join(dir, file), 'utf8')
    t.notMatch(source, /Date\.now\(|new Date\(\)|Math\.random\(|process\.|globalThis|require\(/, file)
  }
})

t.test('each file says what it is for on its first line', async (t) => {
  for (const file of files) t.match(readFileSync(join(dir, file), 'utf8'), /^\/\/ \S/, file)
})
