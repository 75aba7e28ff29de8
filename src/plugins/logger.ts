// pino settings: JSON lines, request ids, and secrets redacted wherever they might appear: in fields, in URLs
// (?api_key=), and in database errors (a failed query is logged by name, never with its parameters).
import type { FastifyRequest, FastifyServerOptions } from 'fastify'
import type { DestinationStream, LoggerOptions } from 'pino'

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'key',
  '*.key',
  'secret',
  '*.secret',
  'password',
  '*.password',
  'config.DATABASE_URL',
  'config.BOOTSTRAP_API_KEY',
]

const SECRET_PARAM =
  /^(api[_-]?key|key|token|access[_-]?token|secret|password|passwd|signature|sig|auth|authorization)$/i

/** The URL with the values of secret-looking query parameters replaced. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?')
  if (q < 0) return url
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const name = eq < 0 ? pair : pair.slice(0, eq)
      let decoded = name
      try {
        decoded = decodeURIComponent(name.replaceAll('+', ' '))
      } catch {
        // A malformed name is logged as it came.
      }
      return eq >= 0 && SECRET_PARAM.test(decoded.trim()) ? `${name}=[redacted]` : pair
    })
  return `${url.slice(0, q + 1)}${params.join('&')}`
}

/** "select api_keys", "insert leads": which query failed, from its text, without values. */
export function queryName(sql: string): string {
  const verb = /^\s*\(?\s*(with|select|insert|update|delete)\b/i.exec(sql)?.[1]?.toLowerCase() ?? 'query'
  const table = /\b(?:from|into|update)\s+"?([\w.]+)"?/i.exec(sql)?.[1] ?? 'unknown'
  return `${verb} ${table}`
}

// Fields of driver errors that describe the failure without quoting data (pg's `detail` and `where` quote rows).
const SAFE_FIELDS = [
  'code',
  'severity',
  'routine',
  'table',
  'constraint',
  'column',
  'schema',
  'dataType',
  'errno',
  'syscall',
]
const FAILED_QUERY = /^Failed query: ([\s\S]*?)\nparams: /

type ErrorLike = Error & Record<string, unknown>

function isDatabaseError(e: ErrorLike): boolean {
  return typeof e.severity === 'string' && typeof e.code === 'string'
}

function safeMessage(e: ErrorLike): string {
  const sql = typeof e.query === 'string' ? e.query : FAILED_QUERY.exec(e.message)?.[1]
  if (sql !== undefined) return `query failed: ${queryName(sql)}`
  // A database's own message may quote the offending value after a colon ("invalid input syntax for type uuid: ...").
  if (isDatabaseError(e)) return e.message.split(': ')[0] ?? ''
  return e.message
}

/** An error as logged: type, message, safe fields, stack frames and causes, with no query parameters or row data. */
export interface LoggedError {
  [field: string]: unknown
  type: string
  message: string
  stack: string
}

export function safeError(error: unknown, depth = 0): LoggedError {
  if (!(error instanceof Error)) {
    const message = typeof error === 'string' ? error : 'a non-error was thrown'
    return { type: typeof error, message, stack: message }
  }
  const e = error as ErrorLike
  const message = safeMessage(e)
  const frames = (e.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line))
  const out: LoggedError = { type: e.name, message, stack: [`${e.name}: ${message}`, ...frames].join('\n') }
  for (const field of SAFE_FIELDS) if (e[field] !== undefined && typeof e[field] !== 'object') out[field] = e[field]
  if (e.cause !== undefined && depth < 5) out.cause = safeError(e.cause, depth + 1)
  return out
}

function safeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}

export const logSerializers = { err: (e: unknown) => safeError(e), error: (e: unknown) => safeError(e) }

export function loggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { ...logSerializers, req: safeRequest },
    ...(stream === undefined ? {} : { stream }),
  }
}

/** The same settings for a logger outside Fastify (the separate webhook worker). */
export const plainLoggerOptions = (level: string): LoggerOptions => ({
  level,
  redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  serializers: logSerializers,
})
