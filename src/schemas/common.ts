// Shared TypeBox schemas: ids, timestamps, problem documents and the response sets routes declare.
import { Type, type TNumberOptions, type TSchema } from 'typebox'

/** The largest value of a PostgreSQL `integer` column: every 32-bit integer a request carries must fit its column. */
export const INT4_MAX = 2_147_483_647
/** An integer stored in an `integer` column (versions, attempts, status codes). */
export const Int4 = (options: TNumberOptions = {}) =>
  Type.Integer({ minimum: -INT4_MAX - 1, maximum: INT4_MAX, ...options })
/** A count or a `bigint` column, bounded by what a JSON number holds exactly. */
export const Int53 = (options: TNumberOptions = {}) =>
  Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, ...options })

/** A count of rows: never negative, bounded by what a JSON number holds exactly. */
export const Count = (options: TNumberOptions = {}) => Int53({ minimum: 0, ...options })
export const Uuid = Type.String({ format: 'uuid', maxLength: 36 })
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40 })
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })

export const IdempotencyHeaders = Type.Object(
  {
    'idempotency-key': Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 255,
        description: 'Retries with the same key and body replay the first answer for 24 h',
      }),
    ),
  },
  { additionalProperties: true },
)

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer({ minimum: 100, maximum: 599 }),
    detail: Type.String(),
    instance: Type.String(),
    code: Type.String(),
    request_id: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String(),
          in: Type.Optional(Type.String()),
          detail: Type.String(),
        }),
      ),
    ),
  },
  { additionalProperties: true, $id: 'Problem', description: 'RFC 9457 problem details' },
)

export const problemContent = (description: string, schema: TSchema = Type.Ref('Problem')) => ({
  description,
  content: { 'application/problem+json': { schema } },
})

const descriptions: Record<number, string> = {
  400: 'Invalid request',
  401: 'Missing or invalid API key',
  403: 'The key lacks the scope',
  404: 'Not found',
  409: 'Conflict',
  412: 'If-Match did not match',
  413: 'Body too large',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  429: 'Rate limited',
  500: 'Internal error',
  503: 'Not ready',
}

/** Problem responses every authenticated route can give, plus the ones named. */
export function problems(...extra: number[]): Record<number, unknown> {
  const codes = [400, 401, 403, 429, 500, 503, ...extra]
  return Object.fromEntries(codes.map((c) => [c, problemContent(descriptions[c] ?? 'Error')]))
}

export const publicProblems = (...codes: number[]) =>
  Object.fromEntries([500, 503, ...codes].map((c) => [c, problemContent(descriptions[c] ?? 'Error')]))

export const DEFERRED = 'x-validated-by-use-case'

/**
 * Marks a body part whose use case validates it with better pointers than the schema validator gives
 * (a rubric document). OpenAPI still shows the full schema.
 */
export const deferred = <T extends TSchema>(schema: T): T => ({ ...schema, [DEFERRED]: true })

/**
 * An item of a batch that the use case checks on its own: a bad item is answered with its errors instead of refusing
 * the call, so the document accepts any object there too (Prism's proxy holds the document to that).
 */
export const checkedPerItem = <T extends TSchema>(item: T) =>
  deferred(
    Type.Union([
      item,
      Type.Object({}, { description: 'Any other object: answered with result "error" and a pointer to each problem' }),
    ]),
  )
