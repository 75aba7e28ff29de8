// The webhook specs in one test process: see ../specs.ts.
import { runSpecs } from '../specs.js'

await runSpecs(new URL('./', import.meta.url))
