// API key and identity shapes.
import { Type, type Static } from 'typebox'
import { Timestamp, Uuid } from './common.js'

export const Scope = Type.Enum(['read', 'write', 'admin'], { description: 'admin includes write, write includes read' })
export type Scope = Static<typeof Scope>

export const ApiKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
  scopes: Type.Array(Scope),
  created_at: Timestamp,
  last_used_at: Type.Union([Timestamp, Type.Null()]),
  revoked_at: Type.Union([Timestamp, Type.Null()]),
})
export type ApiKeyView = Static<typeof ApiKey>

export const CreatedApiKey = Type.Object({
  ...ApiKey.properties,
  key: Type.String({ description: 'The secret: shown only in this response' }),
})

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: 3, uniqueItems: true }),
  },
  { additionalProperties: false },
)

export const ApiKeyList = Type.Object({ data: Type.Array(ApiKey) })

export const Me = Type.Object({
  workspace: Type.Object({ id: Uuid, name: Type.String() }),
  key: Type.Object({ id: Uuid, prefix: Type.String(), scopes: Type.Array(Scope) }),
})
