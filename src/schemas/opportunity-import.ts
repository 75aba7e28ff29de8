// The opportunity import: one deal per NDJSON line, created with its lead and prospect and its past transitions.
import { Type, type Static } from 'typebox'
import { OPEN_STAGES } from '../qualification/lifecycle.js'
import { Int53, Uuid } from './common.js'
import { ErrorResult, ImportSummary, Index, Line } from './lead-transfer.js'
import { LeadInput } from './leads.js'
import { ConvertBody } from './prospects.js'

export const MAX_ROW_TRANSITIONS = 50

const PastTime = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description })

export const ImportedMove = Type.Object(
  {
    action: Type.Enum(['stage', 'win', 'lose', 'reopen']),
    stage: Type.Optional(
      Type.Enum(OPEN_STAGES, { description: 'stage: the open stage moved to; reopen: the stage reopened into' }),
    ),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'lose: why it was lost' })),
    occurred_at: Type.Optional(
      PastTime('When it happened: not in the future, not before the change before it (default: now)'),
    ),
  },
  { title: 'ImportedMove', additionalProperties: false },
)

export const OpportunityImportRow = Type.Object(
  {
    lead: LeadInput,
    opportunity: ConvertBody,
    created_at: Type.Optional(
      PastTime('When the lead came in and the deal opened (its lead, prospect and opportunity are created then)'),
    ),
    transitions: Type.Optional(
      Type.Array(ImportedMove, {
        maxItems: MAX_ROW_TRANSITIONS,
        description: 'The moves of the opportunity after it opened in prospecting, oldest first',
      }),
    ),
  },
  { title: 'OpportunityImportRow', additionalProperties: false },
)
export type OpportunityImportRow = Static<typeof OpportunityImportRow>

export const OpportunityItemResult = Type.Union(
  [
    Type.Object({
      index: Index,
      line: Line,
      result: Type.Literal('created'),
      id: Uuid,
      lead_id: Uuid,
      prospect_id: Uuid,
    }),
    ErrorResult,
  ],
  { title: 'OpportunityItemResult' },
)
export type OpportunityItemResult = Static<typeof OpportunityItemResult>

export const OpportunityImportSummary = Type.Object(
  {
    summary: Type.Object({ created: Int53({ minimum: 0 }), error: Int53({ minimum: 0 }) }),
    aborted: ImportSummary.properties.aborted,
  },
  { title: 'OpportunityImportSummary' },
)
export type OpportunityImportSummary = Static<typeof OpportunityImportSummary>

export const OpportunityImportLine = Type.Union([...OpportunityItemResult.anyOf, OpportunityImportSummary], {
  title: 'OpportunityImportLine',
})
export type OpportunityImportLine = Static<typeof OpportunityImportLine>
