// Application-made row ids: valid UUIDv7 that increase within the process, even many in one millisecond.
import t from 'tap'
import { orderedId } from '../../src/db/ordered-id.js'

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

t.test('ids are UUIDv7 carrying the current time, increasing and distinct', async (t) => {
  const before = Date.now()
  const ids = Array.from({ length: 10_000 }, () => orderedId())
  t.ok(
    ids.every((id) => UUID_V7.test(id)),
    'version 7, RFC 9562 variant',
  )
  t.ok(
    ids.every((id, i) => i === 0 || id > ids[i - 1]!),
    'each id sorts after the one before',
  )
  t.equal(new Set(ids.map((id) => id.slice(19))).size, ids.length, 'the random parts differ')
  const ms = parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)
  t.ok(ms >= before && ms <= Date.now() + 5, 'the first 48 bits are the time in milliseconds')
})
