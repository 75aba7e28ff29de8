// Use case: store a column mapping once its targets are known to exist, so a typo is a 400 now, not at import time.
import type { Db } from '../../db/client.js'
import { insertColumnMapping } from '../../db/repositories/column-mappings.js'
import { AppError } from '../../errors.js'
import type { ColumnMapping, CreateColumnMappingBody } from '../../schemas/column-mappings.js'
import { mappingProblems } from '../datasets/column-plan.js'
import { columnMappingView } from './column-mapping-view.js'

export async function createColumnMapping(
  db: Db,
  workspaceId: string,
  body: CreateColumnMappingBody,
  now: Date,
): Promise<ColumnMapping> {
  const errors = mappingProblems(body.definition).map((p) => ({
    pointer: `/definition${p.pointer}`,
    in: 'body',
    detail: p.detail,
  }))
  if (errors.length > 0)
    throw new AppError('VALIDATION_FAILED', `${errors[0]!.pointer}: ${errors[0]!.detail}`, { errors })
  return columnMappingView(
    await insertColumnMapping(db, { workspaceId, name: body.name, definition: body.definition }, now),
  )
}
