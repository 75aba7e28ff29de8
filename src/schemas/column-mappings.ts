// Column mappings: how the columns of someone else's CSV (a CRM export) become lead fields, typed attributes,
// an outcome and an as_of, for the lead import and the labelled datasets of backtest and fit.
import { Type, type Static } from 'typebox'
import { Timestamp, UNCAPPED, Uuid } from './common.js'

export const COLUMN_TYPES = ['text', 'number', 'boolean', 'list'] as const

const Target = Type.String({
  minLength: 1,
  maxLength: 100,
  description:
    'A lead field as the import names its columns (email, title, company.employee_count, budget.amount, …), ' +
    'attributes.<key>, or, in labelled datasets only, outcome or as_of; "ignore" drops the column',
})

const Scalar = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()])

export const ColumnRule = Type.Object(
  {
    to: Target,
    type: Type.Optional(
      Type.Enum(COLUMN_TYPES, {
        description:
          "How the cell is read; a lead field's own type by default, text for attributes. " +
          'number accepts "12", "3.5", "1e3"; boolean accepts true/false, yes/no, 1/0 (any case)',
      }),
    ),
    values: Type.Optional(
      Type.Record(Type.String({ maxLength: 500 }), Scalar, {
        maxProperties: 1000,
        description:
          'Replaces a cell by another value before it is typed (e.g. {"1": "won", "0": "lost"}); null makes it absent',
      }),
    ),
    template: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        pattern: '\\{value\\}',
        description: 'Builds the value from the cell, e.g. "lead-{value}@example.com" for a CRM without emails',
      }),
    ),
  },
  { title: 'ColumnRule', additionalProperties: false },
)
export type ColumnRule = Static<typeof ColumnRule>

export const ColumnMappingDefinition = Type.Object(
  {
    columns: Type.Record(Type.String({ minLength: 1, maxLength: 200 }), Type.Union([Target, ColumnRule]), {
      minProperties: 1,
      maxProperties: 500,
      description: 'Header name → a target (shorthand for {"to": target}) or a rule',
    }),
    null_values: Type.Optional(
      Type.Array(Type.String({ maxLength: 100 }), {
        maxItems: 50,
        description: 'Cells that mean "nothing there" (besides the empty cell), e.g. ["Select", "N/A"]',
      }),
    ),
    constants: Type.Optional(
      Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Scalar, {
        maxProperties: 50,
        description: 'Values set on every row whatever the columns say, e.g. {"as_of": "2026-01-01T00:00:00Z"}',
      }),
    ),
    unmapped: Type.Optional(
      Type.Enum(['error', 'ignore'], {
        default: 'error',
        description: 'A header column the mapping does not name: a 400 (error) or dropped (ignore)',
      }),
    ),
  },
  { title: 'ColumnMappingDefinition', additionalProperties: false },
)
export type ColumnMappingDefinition = Static<typeof ColumnMappingDefinition>

export const CreateColumnMappingBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    definition: ColumnMappingDefinition,
  },
  { title: 'CreateColumnMappingBody', additionalProperties: false },
)
export type CreateColumnMappingBody = Static<typeof CreateColumnMappingBody>

export const ColumnMapping = Type.Object(
  {
    id: Uuid,
    name: Type.String({ maxLength: 200 }),
    definition: ColumnMappingDefinition,
    created_at: Timestamp,
  },
  { title: 'ColumnMapping' },
)
export type ColumnMapping = Static<typeof ColumnMapping>

export const ColumnMappingList = Type.Object(
  {
    data: Type.Array(ColumnMapping, {
      maxItems: UNCAPPED,
      description: 'Every mapping of the workspace: not paged, bounded by the mappings its writers saved',
    }),
  },
  { title: 'ColumnMappingList' },
)

export const MappingQuery = Type.Object(
  {
    mapping_id: Type.Optional(
      Type.String({
        format: 'uuid',
        maxLength: 36,
        description: "A stored column mapping for a CSV body; without it the header names the import's own columns",
      }),
    ),
  },
  { additionalProperties: false },
)
export type MappingQuery = Static<typeof MappingQuery>
