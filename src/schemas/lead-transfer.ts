// Bulk lead shapes: the batch upsert, the per-row results of a batch or an import, and the export query.
import { Type, type Static } from 'typebox'
import { checkedPerItem, Int53, MAX_TEXT, UNCAPPED, Uuid } from './common.js'
import { ActivityInput, LeadInput, LeadQuery } from './leads.js'

export const MAX_BATCH = 100

export const BatchUpsertBody = Type.Object(
  {
    leads: Type.Array(checkedPerItem(LeadInput), {
      minItems: 1,
      maxItems: MAX_BATCH,
      description:
        'Leads keyed by email. Each must be a JSON object; its fields are checked item by item, so one bad item does not block the others',
    }),
  },
  { title: 'BatchUpsertBody', additionalProperties: false },
)
export type BatchUpsertBody = Static<typeof BatchUpsertBody>

export const Index = Int53({
  minimum: 0,
  description: "The item's position in `leads`, or the 0-based data row of an import",
})
export const Line = Type.Optional(
  Int53({ minimum: 1, description: 'Imports: the 1-based line of the body where the row ends' }),
)

export const ItemError = Type.Object(
  {
    pointer: Type.String({
      maxLength: MAX_TEXT,
      description:
        "JSON pointer to the wrong field: into the request body for a batch, into the row's lead for an import",
    }),
    detail: Type.String({ maxLength: MAX_TEXT }),
  },
  { title: 'ItemError' },
)

/** How many activities one import row may carry; older ones beyond the scored window add next to nothing. */
export const MAX_ROW_ACTIVITIES = 1000

/** A line of a lead import: the lead (as for POST /v1/leads/upsert) and, optionally, its past activities. */
export const LeadImportRow = Type.Object(
  {
    ...LeadInput.properties,
    activities: Type.Optional(
      Type.Array(ActivityInput, {
        maxItems: MAX_ROW_ACTIVITIES,
        description:
          "The lead's activities, as for POST /v1/leads/{id}/activities (past occurred_at welcome). One already " +
          'recorded (same type, direction and occurred_at) is not recorded twice, so a re-import adds nothing',
      }),
    ),
  },
  { title: 'LeadImportRow', additionalProperties: false },
)
export type LeadImportRow = Static<typeof LeadImportRow>

const Recorded = Type.Optional(
  Int53({ minimum: 0, description: "Imports: how many of the row's activities were new and recorded" }),
)

export const ErrorResult = Type.Object(
  {
    index: Index,
    line: Line,
    result: Type.Literal('error'),
    errors: Type.Array(ItemError, {
      maxItems: UNCAPPED,
      description: "One per field of the row that is wrong: bounded by the row's size",
    }),
  },
  { title: 'ErrorResult' },
)

export const ItemResult = Type.Union(
  [
    Type.Object({
      index: Index,
      line: Line,
      result: Type.Enum(['created', 'updated', 'unchanged']),
      id: Uuid,
      activities: Recorded,
    }),
    ErrorResult,
  ],
  { title: 'ItemResult' },
)
export type ItemResult = Static<typeof ItemResult>

export const Summary = Type.Object(
  {
    created: Int53({ minimum: 0 }),
    updated: Int53({ minimum: 0 }),
    unchanged: Int53({ minimum: 0 }),
    error: Int53({ minimum: 0 }),
  },
  { title: 'Summary' },
)
export type Summary = Static<typeof Summary>

export const BatchUpsertResult = Type.Object(
  { results: Type.Array(ItemResult, { maxItems: MAX_BATCH }), summary: Summary },
  { title: 'BatchUpsertResult' },
)

/** The last line of an import's answer; `aborted` says why the body could not be read to its end. */
export const ImportSummary = Type.Object(
  {
    summary: Summary,
    aborted: Type.Optional(
      Type.Object({ line: Type.Optional(Int53({ minimum: 1 })), detail: Type.String({ maxLength: MAX_TEXT }) }),
    ),
  },
  { title: 'ImportSummary' },
)
export type ImportSummary = Static<typeof ImportSummary>

/** A line of an import's NDJSON answer: a row's result, or the summary at the end. */
export const ImportLine = Type.Union([...ItemResult.anyOf, ImportSummary], { title: 'ImportLine' })
export type ImportLine = Static<typeof ImportLine>

/** A row of the activities import: the activity and the email of the lead it belongs to. */
export const ActivityImportRow = Type.Object(
  { email: LeadInput.properties.email, ...ActivityInput.properties },
  { title: 'ActivityImportRow', additionalProperties: false },
)
export type ActivityImportRow = Static<typeof ActivityImportRow>

export const ActivityItemResult = Type.Union(
  [
    Type.Object({
      index: Index,
      line: Line,
      result: Type.Enum(['created', 'unchanged'], {
        description: 'unchanged: the lead already had this activity (same type, direction and occurred_at)',
      }),
      id: Uuid,
      lead_id: Uuid,
    }),
    ErrorResult,
  ],
  { title: 'ActivityItemResult' },
)
export type ActivityItemResult = Static<typeof ActivityItemResult>

export const ActivitySummary = Type.Omit(Summary, ['updated'])
export type ActivitySummary = Static<typeof ActivitySummary>

export const ActivityImportSummary = Type.Object(
  {
    summary: ActivitySummary,
    aborted: ImportSummary.properties.aborted,
  },
  { title: 'ActivityImportSummary' },
)
export type ActivityImportSummary = Static<typeof ActivityImportSummary>

export const ActivityImportLine = Type.Union([...ActivityItemResult.anyOf, ActivityImportSummary], {
  title: 'ActivityImportLine',
})
export type ActivityImportLine = Static<typeof ActivityImportLine>

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
