// Rubric version shapes.
import { Type } from 'typebox'
import { Rubric, RubricTemplate, templates } from '../qualification/index.js'
import { deferred, Timestamp, Uuid } from './common.js'

export const RubricVersion = Type.Object({
  id: Uuid,
  version: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  definition: Rubric,
  created_at: Timestamp,
})

export const RubricDetail = Type.Object({
  ...RubricVersion.properties,
  versions: Type.Array(Type.Integer(), { description: 'Every version of this rubric, oldest first' }),
})

export const RubricList = Type.Object({ data: Type.Array(RubricVersion) })
export const TemplateList = Type.Object({ data: Type.Array(RubricTemplate) })

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
  { additionalProperties: false, description: 'Give exactly one of definition or template' },
)

export const VersionQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
)
export const ActivateBody = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
)
