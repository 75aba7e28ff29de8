// Use cases: list the stored column mappings, read one, and find the one an import or a dataset names.
import type { Db } from '../../db/client.js'
import { findColumnMapping, listColumnMappings } from '../../db/repositories/column-mappings.js'
import { found } from '../../errors.js'
import type { ColumnMapping, ColumnMappingDefinition } from '../../schemas/column-mappings.js'
import { columnMappingView } from './column-mapping-view.js'

export const MAX_LISTED_MAPPINGS = 200

export async function listMappings(db: Db, workspaceId: string): Promise<ColumnMapping[]> {
  return (await listColumnMappings(db, workspaceId, MAX_LISTED_MAPPINGS)).map(columnMappingView)
}

export async function getMapping(db: Db, workspaceId: string, id: string): Promise<ColumnMapping> {
  return columnMappingView(found(await findColumnMapping(db, workspaceId, id), 'column mapping'))
}

/** The definition named by a `mapping_id` query parameter, if any. */
export async function mappingFor(
  db: Db,
  workspaceId: string,
  mappingId: string | undefined,
): Promise<ColumnMappingDefinition | undefined> {
  return mappingId === undefined ? undefined : (await getMapping(db, workspaceId, mappingId)).definition
}
