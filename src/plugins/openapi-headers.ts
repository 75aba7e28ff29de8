// Declares in the OpenAPI document the response headers the plugins send on every answer (request id, rate limit,
// Retry-After, WWW-Authenticate, Idempotent-Replayed); headers one route sets itself come from its response schema.
import type { OpenAPIV3_1 as OA } from 'openapi-types'

type Headers = Record<string, OA.HeaderObject>

const text = (maxLength: number, description: string, extra: object = {}, required = false): OA.HeaderObject => ({
  description,
  required,
  schema: { type: 'string', maxLength, ...extra },
})
const seconds = (description: string, required = false): OA.HeaderObject => ({
  description,
  required,
  schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 },
})

/** Every header the service sends, once, under components.headers. */
export const HEADERS: Headers = {
  'X-Request-Id': text(
    128,
    'The request id: the X-Request-Id sent when it is 1-128 of [A-Za-z0-9_.:@-], else a new UUID; quote it in reports',
    { pattern: '^[\\w.:@-]{1,128}$' },
    true,
  ),
  'X-RateLimit-Limit': seconds('Requests this API key (or a public route, per address) may make per window'),
  'X-RateLimit-Remaining': seconds('Requests left in the current window'),
  'X-RateLimit-Reset': seconds('Seconds until the window resets'),
  'Retry-After': seconds('Seconds to wait before trying again', true),
  'WWW-Authenticate': text(16, 'The authentication scheme to use', { enum: ['Bearer'] }, true),
  'Idempotent-Replayed': text(4, 'Present when this is the stored answer to an earlier request with the same key', {
    enum: ['true'],
  }),
}

const ref = (name: string): OA.ReferenceObject => ({ $ref: `#/components/headers/${name}` })
const refs = (...names: string[]) => Object.fromEntries(names.map((n) => [n, ref(n)]))

/** Authentication and scope are checked before the per-key limiter counts a request: 401 and 403 carry no budget. */
const counted = (status: string) => /^[24]/.test(status) && status !== '401' && status !== '403'

function headersFor(status: string, replayable: boolean): Record<string, OA.HeaderObject | OA.ReferenceObject> {
  return {
    ...refs('X-Request-Id'),
    ...(counted(status) ? refs('X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset') : {}),
    ...(status === '429' || status === '503' ? refs('Retry-After') : {}),
    ...(status === '401' ? refs('WWW-Authenticate') : {}),
    ...(replayable && counted(status) ? refs('Idempotent-Replayed') : {}),
  }
}

/** A POST with a JSON body may carry Idempotency-Key; streamed imports are never stored nor replayed. */
function isReplayable(method: string, operation: OA.OperationObject): boolean {
  const body = operation.requestBody as OA.RequestBodyObject | undefined
  return method === 'post' && body?.content['application/json'] !== undefined
}

/** Adds the common headers to every response; a route's own headers (ETag, Location) stay and go first. */
export function declareHeaders(document: OA.Document): void {
  document.components = { ...document.components, headers: { ...document.components?.headers, ...HEADERS } }
  for (const item of Object.values(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item ?? {}) as [string, OA.OperationObject][]) {
      for (const [status, response] of Object.entries(operation.responses ?? {}) as [string, OA.ResponseObject][]) {
        response.headers = { ...response.headers, ...headersFor(status, isReplayable(method, operation)) }
      }
    }
  }
}
