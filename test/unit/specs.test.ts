// The unit specs, the pure core's included, in one test process: see ../specs.ts.
import { runSpecs } from '../specs.js'

for (const folder of ['./', './datasets/', './qualification/']) await runSpecs(new URL(folder, import.meta.url))
