// Request bodies: JSON only (text/plain is refused like any other type), and nesting bounded before JSON.parse runs.
import type { FastifyInstance } from 'fastify'
import { AppError } from '../errors.js'
import { MAX_JSON_DEPTH } from '../schemas/ajv.js'

const OPEN = new Set([0x5b, 0x7b]) // [ {
const CLOSE = new Set([0x5d, 0x7d]) // ] }
const QUOTE = 0x22
const BACKSLASH = 0x5c

/** The deepest nesting of arrays and objects in JSON text, counted without parsing; stops once past `limit`. */
export function jsonDepth(text: string, limit: number): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === BACKSLASH) i++
      else if (c === QUOTE) inString = false
    } else if (c === QUOTE) inString = true
    else if (OPEN.has(c)) {
      depth++
      if (depth > deepest) deepest = depth
      if (deepest > limit) return deepest
    } else if (CLOSE.has(c)) depth--
  }
  return deepest
}

export function bodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser(['application/json', 'text/plain'])
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      done(
        new AppError('MALFORMED_BODY', `the JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, {
          errors: [{ pointer: '/', in: 'body', detail: `must not nest deeper than ${MAX_JSON_DEPTH} levels` }],
        }),
        undefined,
      )
      return
    }
    parseJson(request, text, done)
  })
}
