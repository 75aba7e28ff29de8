// A typed client for the Qualify API: openapi-fetch over the types generated from the committed OpenAPI document.
import createClient from 'openapi-fetch'
import type { components, operations, paths } from './schema.js'

export type { components, operations, paths }

/** A client whose every call is typed from the document: paths, parameters, bodies, and each status's answer. */
export function qualifyClient(baseUrl: string, apiKey: string) {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } })
}

export type Problem = components['schemas']['Problem']
export type BlockedProblem = components['schemas']['BlockedProblem']

/** Narrows an error answer to the 422 of qualify or convert, which lists what blocks the move. */
export const isBlocked = (problem: unknown): problem is BlockedProblem & Required<Pick<BlockedProblem, 'blocking'>> =>
  typeof problem === 'object' && problem !== null && Array.isArray((problem as BlockedProblem).blocking)
