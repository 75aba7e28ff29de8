// Labelled datasets as the backtest and fit endpoints read them: what was read, skipped (and why) and used.
import { Int53, MAX_TEXT } from './common.js'
import { Type, type Static } from 'typebox'

/** A row of a labelled dataset (NDJSON), for the document: the dataset readers check rows themselves. */
export { LabelledRow } from '../qualification/index.js'

export const DatasetTally = Type.Object(
  {
    read: Int53({ minimum: 0, description: 'Data rows read from the body' }),
    skipped: Int53({ minimum: 0, description: 'Rows left out because they could not be used' }),
    used: Int53({ minimum: 0, description: 'Rows scored' }),
    problems: Type.Array(
      Type.Object({
        line: Int53({ minimum: 0, description: 'The 1-based line of the body (0 for workspace leads)' }),
        detail: Type.String({ maxLength: MAX_TEXT }),
      }),
      { maxItems: 10, description: 'The first skipped rows and why' },
    ),
  },
  { title: 'DatasetTally', additionalProperties: false },
)
export type DatasetTally = Static<typeof DatasetTally>

export const DATASET_TYPES = { ndjson: 'application/x-ndjson', csv: 'text/csv', json: 'application/json' } as const
