// The rubric templates offered out of the box; bant_fit is the default.
import { Type, type Static } from 'typebox'
import { Rubric } from './rubric-schema.js'
import { bantFit } from './template-bant-fit.js'
import { champ } from './template-champ.js'
import { meddic } from './template-meddic.js'

export const RubricTemplate = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', maxLength: 40 }),
    name: Type.String({ maxLength: 100 }),
    description: Type.String({ maxLength: 2000 }),
    definition: Rubric,
  },
  { title: 'RubricTemplate', additionalProperties: false },
)

export type RubricTemplate = Static<typeof RubricTemplate>

// Shared by every caller and cached by identity in evaluate, so nobody may edit them in place: copy first.
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}

const template = (key: string, definition: Rubric): RubricTemplate =>
  deepFreeze({ key, name: definition.name, description: definition.description ?? '', definition })

export const templates = {
  bant_fit: template('bant_fit', bantFit),
  champ: template('champ', champ),
  meddic: template('meddic', meddic),
} as const satisfies Record<string, RubricTemplate>

export type TemplateKey = keyof typeof templates

export const DEFAULT_TEMPLATE: TemplateKey = 'bant_fit'
