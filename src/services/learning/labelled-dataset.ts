// Where a backtest or a fit reads its labelled rows: a streamed body (NDJSON, or CSV through a column mapping) or the
// workspace's own leads; and the check that both outcomes occur, without which nothing can be learned or measured.
import type { Readable } from 'node:stream'
import type { Db } from '../../db/client.js'
import { AppError } from '../../errors.js'
import { LabelledRow } from '../../qualification/index.js'
import { bodyChecker } from '../../schemas/ajv.js'
import type { DatasetTally } from '../../schemas/datasets.js'
import { mappingFor } from '../column-mappings/read-column-mappings.js'
import { openDataset, type Dataset, type DatasetFormat } from '../datasets/dataset.js'
import { workspaceDataset } from '../datasets/workspace-dataset.js'

const checkRow = bodyChecker<LabelledRow>(LabelledRow)

export type DatasetSource =
  | { kind: 'stream'; format: DatasetFormat; body: Readable; mappingId?: string | undefined }
  | { kind: 'workspace'; nurtureDays: number; now: Date }

export async function labelledDataset(
  db: Db,
  workspaceId: string,
  source: DatasetSource,
): Promise<Dataset<LabelledRow>> {
  if (source.kind === 'workspace') return workspaceDataset(db, workspaceId, source)
  if (source.format === 'ndjson' && source.mappingId !== undefined)
    throw new AppError('VALIDATION_FAILED', 'mapping_id applies to CSV bodies only', {
      errors: [{ pointer: '/mapping_id', in: 'querystring', detail: 'applies to CSV bodies only' }],
    })
  const mapping = await mappingFor(db, workspaceId, source.mappingId)
  return openDataset(source.body, { format: source.format, purpose: 'labelled', check: checkRow, mapping })
}

/** Counts outcomes as rows pass through, for the one-class check at the end. */
export class OutcomeCounter {
  won = 0
  lost = 0
  count(row: LabelledRow): LabelledRow {
    if (row.outcome === 'won') this.won++
    else this.lost++
    return row
  }

  /** A 422 unless both outcomes occur: an AUC, a calibration or a fit needs won and lost rows. */
  assertBothOutcomes(tally: DatasetTally): void {
    if (this.won > 0 && this.lost > 0) return
    const detail =
      tally.used === 0
        ? `no usable row: ${tally.read} read, ${tally.skipped} skipped`
        : `the dataset has only ${this.won > 0 ? 'won' : 'lost'} rows (${tally.used}); both won and lost rows are needed`
    throw new AppError('UNPROCESSABLE_DATASET', detail, { dataset: tally })
  }
}
