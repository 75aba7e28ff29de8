// The API shape of a stored column mapping.
import type { ColumnMappingRow } from '../../db/repositories/column-mappings.js'
import type { ColumnMapping, ColumnMappingDefinition } from '../../schemas/column-mappings.js'

export const columnMappingView = (row: ColumnMappingRow): ColumnMapping => ({
  id: row.id,
  name: row.name,
  definition: row.definition as ColumnMappingDefinition,
  created_at: row.createdAt.toISOString(),
})
