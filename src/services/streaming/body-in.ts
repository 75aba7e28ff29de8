// A streamed body as it arrives: which format its Content-Type names, and a byte cap on what is read of it.
import { Transform, type Readable } from 'node:stream'
import { AppError } from '../../errors.js'
import { IMPORT_TYPES, type TransferFormat } from '../../schemas/lead-transfer.js'

/** The format of a body by its Content-Type (parameters such as charset aside); undefined when it is neither. */
export function formatOf(contentType: string | undefined): TransferFormat | undefined {
  const type = contentType?.toLowerCase() ?? ''
  if (type.startsWith(IMPORT_TYPES.csv)) return 'csv'
  if (type.startsWith(IMPORT_TYPES.ndjson)) return 'ndjson'
  return undefined
}

const tooLarge = (limit: number) => new AppError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`)

/**
 * The body as it arrives, failing with 413 once it passes `limit` bytes; a declared length over it fails at once.
 * Needed for streams: the framework counts only the bodies it buffers.
 */
export function capped(body: Readable, limit: number, declaredLength?: string): Readable {
  if (Number(declaredLength ?? 0) > limit) throw tooLarge(limit)
  let seen = 0
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length
      done(seen > limit ? tooLarge(limit) : null, chunk)
    },
  })
  body.on('error', (error) => counter.destroy(error))
  return body.pipe(counter)
}
