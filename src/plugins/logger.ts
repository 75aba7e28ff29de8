// pino settings: JSON lines, request ids, and secrets redacted wherever they might appear.
import type { FastifyServerOptions } from 'fastify'
import type { DestinationStream } from 'pino'

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

export function loggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, ...(stream === undefined ? {} : { stream }) }
}
