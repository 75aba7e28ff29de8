// Shared TypeBox schemas: ids, timestamps, problem documents and the response sets routes declare.
import { Type, type TSchema } from 'typebox'
import { Int4 } from '../qualification/integers.js'

export { Count, INT4_MAX, Int4, Int53 } from '../qualification/integers.js'
/** Text the service writes from a request (problem details, pointers): never longer than the largest body taken. */
export const MAX_TEXT = 2_097_152
/** A request target: Node refuses request heads over 16 KiB. */
export const MAX_URL = 16_384
/** The largest page a list answers (the `limit` bound). */
export const MAX_PAGE = 100
/**
 * An answer list that is not paged and has no count cap of its own: where it is used, the description says what bounds
 * it instead (the records it lists, the fields of a request); JavaScript builds no longer array.
 */
export const UNCAPPED = 4_294_967_295
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
    type: Type.String({ maxLength: 100 }),
    title: Type.String({ maxLength: 200 }),
    status: Int4({ minimum: 100, maximum: 599 }),
    detail: Type.String({ maxLength: MAX_TEXT }),
    instance: Type.String({ maxLength: MAX_URL }),
    code: Type.String({ maxLength: 64 }),
    request_id: Type.String({ maxLength: 128 }),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          pointer: Type.String({ maxLength: MAX_TEXT }),
          in: Type.Optional(Type.String({ maxLength: 16 })),
          detail: Type.String({ maxLength: MAX_TEXT }),
        }),
        {
          maxItems: UNCAPPED,
          description:
            'One per field the request got wrong, in request order: bounded by the request (its body is capped)',
        },
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

/** Open routes are still rate limited per address, and a malformed request gets its 400 there too. */
export const publicProblems = (...codes: number[]) =>
  Object.fromEntries([400, 429, 500, 503, ...codes].map((c) => [c, problemContent(descriptions[c] ?? 'Error')]))

/** Response headers a route sets itself, stated in its response schema (@fastify/swagger documents them). */
export const ETag = Type.String({
  maxLength: 24,
  pattern: '^"\\d+"$',
  description: 'The version of the record this answer shows or changed, for If-Match (absent on a dry run)',
})
export const Location = Type.String({
  maxLength: 64,
  format: 'uri-reference',
  description: 'Where the new resource is',
})

export const withHeaders = <T extends TSchema>(schema: T, headers: Record<string, TSchema>): T => ({
  ...schema,
  headers,
})
export const etagged = <T extends TSchema>(schema: T): T => withHeaders(schema, { ETag })

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
