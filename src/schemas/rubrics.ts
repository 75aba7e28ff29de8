// Rubric version shapes.
import { Type } from 'typebox'
import { FitResult, Rubric, RubricTemplate, templates } from '../qualification/index.js'
import { deferred, Int4, INT4_MAX, Timestamp, UNCAPPED, Uuid } from './common.js'

const { definition: _definition, ...fitSummary } = FitResult.properties
const FitSummary = Type.Object(fitSummary)

export const RubricVersion = Type.Object(
  {
    id: Uuid,
    version: Int4({ minimum: 1 }),
    name: Type.String({ maxLength: 100 }),
    description: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
    active: Type.Boolean(),
    draft: Type.Boolean({
      description:
        'A fitted version waiting for a person to review its backtest and activate it (which ends the draft)',
    }),
    definition: Rubric,
    fit: Type.Union([FitSummary, Type.Null()], {
      description: 'How a fitted version was learned, with its cross-validated and held-out backtest; null otherwise',
    }),
    created_at: Timestamp,
  },
  { title: 'RubricVersion' },
)

export const RubricDetail = Type.Object(
  {
    ...RubricVersion.properties,
    versions: Type.Array(Int4({ minimum: 1 }), {
      maxItems: INT4_MAX,
      description: 'Every version of this rubric, oldest first (distinct int32 numbers from 1)',
    }),
  },
  { title: 'RubricDetail' },
)

export const RubricList = Type.Object(
  {
    data: Type.Array(RubricVersion, {
      maxItems: UNCAPPED,
      description: 'Every version of every rubric of the workspace: not paged, bounded by the versions its admins made',
    }),
  },
  { title: 'RubricList' },
)
export const TemplateList = Type.Object(
  { data: Type.Array(RubricTemplate, { maxItems: 100 }) },
  { title: 'TemplateList' },
)

export const TemplateKey = Type.Enum(Object.keys(templates) as (keyof typeof templates)[])

export const CreateRubricBody = Type.Object(
  {
    rubric_id: Type.Optional(
      Type.String({
        format: 'uuid',
        maxLength: 36,
        description: 'Add a version to this rubric; omit to start a new rubric',
      }),
    ),
    template: Type.Optional(TemplateKey),
    definition: Type.Optional(deferred(Rubric)),
    activate: Type.Optional(Type.Boolean({ description: 'Make the new version the active one (default false)' })),
  },
  { title: 'CreateRubricBody', additionalProperties: false, description: 'Give exactly one of definition or template' },
)

export const VersionQuery = Type.Object(
  { version: Type.Optional(Int4({ minimum: 1 })) },
  { additionalProperties: false },
)
export const ActivateBody = Type.Object(
  { version: Type.Optional(Int4({ minimum: 1 })) },
  { title: 'ActivateBody', additionalProperties: false },
)
