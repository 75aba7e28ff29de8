// Domain errors: a closed union of codes, each mapped once to an HTTP status and title.

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'MALFORMED_BODY'
  | 'MALFORMED_REQUEST'
  | 'REQUEST_TIMEOUT'
  | 'URI_TOO_LONG'
  | 'HEADERS_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'DUPLICATE_LEAD'
  | 'LIMIT_REACHED'
  | 'TRANSITION_NOT_ALLOWED'
  | 'QUALIFICATION_BLOCKED'
  | 'CONVERSION_BLOCKED'
  | 'UNPROCESSABLE_DATASET'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PRECONDITION_FAILED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'NOT_READY'
  | 'INTERNAL'

export interface ErrorSpec {
  status: number
  title: string
}

/** Exhaustive: adding a code without a mapping fails to compile. */
export function errorSpec(code: ErrorCode): ErrorSpec {
  switch (code) {
    case 'VALIDATION_FAILED':
      return { status: 400, title: 'Request validation failed' }
    case 'MALFORMED_BODY':
      return { status: 400, title: 'Malformed request body' }
    case 'MALFORMED_REQUEST':
      return { status: 400, title: 'Malformed request' }
    case 'REQUEST_TIMEOUT':
      return { status: 408, title: 'Request timeout' }
    case 'URI_TOO_LONG':
      return { status: 414, title: 'URI too long' }
    case 'HEADERS_TOO_LARGE':
      return { status: 431, title: 'Request header fields too large' }
    case 'UNAUTHENTICATED':
      return { status: 401, title: 'Authentication required' }
    case 'FORBIDDEN':
      return { status: 403, title: 'Insufficient scope' }
    case 'NOT_FOUND':
      return { status: 404, title: 'Not found' }
    case 'METHOD_NOT_ALLOWED':
      return { status: 405, title: 'Method not allowed' }
    case 'CONFLICT':
      return { status: 409, title: 'Conflict' }
    case 'DUPLICATE_LEAD':
      return { status: 409, title: 'A lead with this email exists' }
    case 'LIMIT_REACHED':
      return { status: 409, title: 'A limit of the service is reached' }
    case 'TRANSITION_NOT_ALLOWED':
      return { status: 409, title: 'Transition not allowed from the current state' }
    case 'QUALIFICATION_BLOCKED':
      return { status: 422, title: 'The rubric does not qualify this lead' }
    case 'CONVERSION_BLOCKED':
      return { status: 422, title: 'The prospect cannot be converted yet' }
    case 'UNPROCESSABLE_DATASET':
      return { status: 422, title: 'The dataset cannot be learned from' }
    case 'IDEMPOTENCY_IN_PROGRESS':
      return { status: 409, title: 'A request with this Idempotency-Key is still running' }
    case 'IDEMPOTENCY_KEY_REUSED':
      return { status: 422, title: 'Idempotency-Key reused with a different request' }
    case 'PRECONDITION_FAILED':
      return { status: 412, title: 'Precondition failed' }
    case 'PAYLOAD_TOO_LARGE':
      return { status: 413, title: 'Payload too large' }
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { status: 415, title: 'Unsupported media type' }
    case 'RATE_LIMITED':
      return { status: 429, title: 'Too many requests' }
    case 'NOT_READY':
      return { status: 503, title: 'Service not ready' }
    case 'INTERNAL':
      return { status: 500, title: 'Internal server error' }
  }
}

export interface FieldError {
  pointer: string
  detail: string
}

/** An expected failure of a use case; `extra` members are merged into the problem document. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail)
    this.name = 'AppError'
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`)

/** The row a lookup found, or the 404 naming what was looked for. */
export function found<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw notFound(what)
  return row
}
