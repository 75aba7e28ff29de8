// The pure core's tests, one process for all: each spec file runs in well under the second a test process of its own
// takes to start. `npx tap test/unit/qualification/<name>.spec.ts` still runs one alone.
import { readdirSync } from 'node:fs'

const folder = new URL('./qualification/', import.meta.url)
const specs = readdirSync(folder)
  .filter((file) => file.endsWith('.spec.ts'))
  .sort()
// Each spec adds its tests to tap's root test when it loads, in this order.
for (const spec of specs) await import(new URL(spec, folder).href)
