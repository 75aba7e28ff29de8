// API key and identity shapes.
import { Type, type Static } from 'typebox'
import { Timestamp, UNCAPPED, Uuid } from './common.js'

export const Scope = Type.Enum(['read', 'write', 'admin'], { description: 'admin includes write, write includes read' })
export type Scope = Static<typeof Scope>

export const ApiKey = Type.Object(
  {
    id: Uuid,
    name: Type.String({ maxLength: 100 }),
    prefix: Type.String({ maxLength: 32, description: 'The first characters of the key, to tell keys apart' }),
    scopes: Type.Array(Scope, { maxItems: 3 }),
    created_at: Timestamp,
    last_used_at: Type.Union([Timestamp, Type.Null()]),
    revoked_at: Type.Union([Timestamp, Type.Null()]),
  },
  { title: 'ApiKey' },
)
export type ApiKeyView = Static<typeof ApiKey>

export const CreatedApiKey = Type.Object(
  {
    ...ApiKey.properties,
    key: Type.String({ maxLength: 128, description: 'The secret: shown only in this response' }),
  },
  { title: 'CreatedApiKey' },
)

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: 3, uniqueItems: true }),
  },
  { title: 'CreateApiKeyBody', additionalProperties: false },
)

export const ApiKeyList = Type.Object(
  {
    data: Type.Array(ApiKey, {
      maxItems: UNCAPPED,
      description:
        'Every key the workspace ever had, revoked ones too: not paged, bounded by the keys its admins created',
    }),
  },
  { title: 'ApiKeyList' },
)

export const Me = Type.Object(
  {
    workspace: Type.Object({ id: Uuid, name: Type.String({ maxLength: 200 }) }),
    key: Type.Object({ id: Uuid, prefix: Type.String({ maxLength: 32 }), scopes: Type.Array(Scope, { maxItems: 3 }) }),
  },
  { title: 'Me' },
)
export type Me = Static<typeof Me>
