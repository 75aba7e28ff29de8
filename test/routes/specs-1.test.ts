// The route specs, a third of them (every third file, sorted) per test process: see ../specs.ts.
import { runSpecs } from '../specs.js'

await runSpecs(new URL('./', import.meta.url), { part: 0, of: 3 })
