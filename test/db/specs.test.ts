// The database specs in one test process: see ../specs.ts. The event feed's and the migrations' tests keep their own.
import { runSpecs } from '../specs.js'

await runSpecs(new URL('./', import.meta.url))
