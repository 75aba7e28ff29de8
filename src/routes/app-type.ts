// The Fastify instance type routes are written against, and what they are given.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify'
import type { Database } from '../db/client.js'

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>

export interface RouteDeps {
  db: Database
  /** The current time; tests may fix it. */
  clock: () => Date
}

export const iso = (d: Date): string => d.toISOString()
export const isoOrNull = (d: Date | null): string | null => d === null ? null : d.toISOString()
