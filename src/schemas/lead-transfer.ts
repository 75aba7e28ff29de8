// Bulk lead shapes: the batch upsert, the per-row results of a batch or an import, and the export query.
import { Type, type Static } from 'typebox'
import { deferred, Int53, Uuid } from './common.js'
import { LeadInput, LeadQuery } from './leads.js'

export const MAX_BATCH = 100

export const BatchUpsertBody = Type.Object(
  {
    leads: Type.Array(deferred(LeadInput), {
      minItems: 1,
      maxItems: MAX_BATCH,
      description:
        'Leads keyed by email. Each must be a JSON object; its fields are checked item by item, so one bad item does not block the others',
    }),
  },
  { additionalProperties: false },
)
export type BatchUpsertBody = Static<typeof BatchUpsertBody>

const Index = Int53({
  minimum: 0,
  description: "The item's position in `leads`, or the 0-based data row of an import",
})
const Line = Type.Optional(
  Int53({ minimum: 1, description: 'Imports: the 1-based line of the body where the row ends' }),
)

export const ItemError = Type.Object({
  pointer: Type.String({
    description:
      "JSON pointer to the wrong field: into the request body for a batch, into the row's lead for an import",
  }),
  detail: Type.String(),
})

export const ItemResult = Type.Union([
  Type.Object({ index: Index, line: Line, result: Type.Enum(['created', 'updated', 'unchanged']), id: Uuid }),
  Type.Object({ index: Index, line: Line, result: Type.Literal('error'), errors: Type.Array(ItemError) }),
])
export type ItemResult = Static<typeof ItemResult>

export const Summary = Type.Object({
  created: Int53({ minimum: 0 }),
  updated: Int53({ minimum: 0 }),
  unchanged: Int53({ minimum: 0 }),
  error: Int53({ minimum: 0 }),
})
export type Summary = Static<typeof Summary>

export const BatchUpsertResult = Type.Object({ results: Type.Array(ItemResult), summary: Summary })

/** The last line of an import's answer; `aborted` says why the body could not be read to its end. */
export const ImportSummary = Type.Object({
  summary: Summary,
  aborted: Type.Optional(Type.Object({ line: Type.Optional(Int53({ minimum: 1 })), detail: Type.String() })),
})
export type ImportSummary = Static<typeof ImportSummary>

/** A line of an import's NDJSON answer: a row's result, or the summary at the end. */
export const ImportLine = Type.Union([...ItemResult.anyOf, ImportSummary])
export type ImportLine = Static<typeof ImportLine>

export const IMPORT_TYPES = { ndjson: 'application/x-ndjson', csv: 'text/csv' } as const
export type TransferFormat = keyof typeof IMPORT_TYPES

const { limit: _limit, starting_after: _startingAfter, ...filters } = LeadQuery.properties

export const ExportQuery = Type.Object(
  {
    format: Type.Optional(
      Type.Enum(['ndjson', 'csv'], {
        default: 'ndjson',
        description: "ndjson: one lead per line; csv: the import's columns plus id, status, score and timestamps",
      }),
    ),
    ...filters,
  },
  { additionalProperties: false },
)
export type ExportQuery = Static<typeof ExportQuery>
export type LeadFilters = Omit<ExportQuery, 'format'>
