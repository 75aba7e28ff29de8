// Row ids made in the application for multi-row inserts: UUIDv7 (RFC 9562), increasing within the process, so rows
// written in one statement (which share the transaction's created_at) still list in the order they were given.
import { randomFillSync } from 'node:crypto'

let lastMs = 0
let counter = 0
// Random bytes drawn 4 KiB at a time: one call into the system's generator per id cost more than the rest of it.
const pool = Buffer.alloc(4096)
let used = pool.length

export function orderedId(): string {
  let ms = Date.now()
  if (ms <= lastMs) {
    // The same millisecond (or a clock step back): count on in the 12 bits after the time, then borrow the next ms.
    ms = lastMs
    if (++counter > 0xfff) [ms, counter] = [ms + 1, 0]
  } else counter = 0
  lastMs = ms
  if (used + 16 > pool.length) {
    randomFillSync(pool)
    used = 0
  }
  // Written over in place: each slice of the pool is used once.
  const bytes = pool.subarray(used, used + 16)
  used += 16
  bytes.writeUIntBE(ms, 0, 6)
  bytes[6] = 0x70 | (counter >> 8)
  bytes[7] = counter & 0xff
  bytes[8] = 0x80 | (bytes[8]! & 0x3f)
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
