// The exact arithmetic underneath: decimal strings and RFC 3339 instants.
import fc from 'fast-check'
import t from 'tap'
import { dayNumber, parseInstant } from '../../../src/qualification/dates.js'
import { canonicalDecimal, compareDecimal, isDecimal, numberToDecimal } from '../../../src/qualification/decimal.js'
import { instantText } from './fixtures/arbitraries.js'

t.test('decimal strings compare by value, exactly', async (t) => {
  t.equal(compareDecimal('50000.00', '50000'), 0)
  t.equal(compareDecimal('007.5', '7.50'), 0)
  t.equal(compareDecimal('999999999999999.89', '999999999999999.9'), -1)
  t.equal(compareDecimal('0.05', '0.5'), -1)
  t.equal(compareDecimal('-1', '0'), -1)
  t.equal(compareDecimal('-0', '0'), 0)
  t.equal(compareDecimal('-2', '-10'), 1)
  t.equal(canonicalDecimal('000.100'), '0.1')
  t.equal(numberToDecimal(1e21), '1000000000000000000000')
  t.equal(numberToDecimal(1.5e-7), '0.00000015')
  t.equal(numberToDecimal(-2.5), '-2.5')
  t.notOk(isDecimal('1.'))
  t.notOk(isDecimal('.5'))
  t.notOk(isDecimal('1e5'))
  t.notOk(isDecimal(''))
  const asCents = (text: string) => BigInt(text.replace('.', ''))
  fc.assert(
    fc.property(fc.stringMatching(/^\d{1,17}\.\d{2}$/), fc.stringMatching(/^\d{1,17}\.\d{2}$/), (a, b) => {
      const expected = asCents(a) < asCents(b) ? -1 : asCents(a) > asCents(b) ? 1 : 0
      return compareDecimal(a, b) === expected
    }),
    { numRuns: 500 },
  )
  fc.assert(
    fc.property(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }),
      (n) => Number(numberToDecimal(n)) === n || Object.is(n, -0),
    ),
    { numRuns: 500 },
  )
})

t.test('parseInstant reads RFC 3339 exactly as Date.parse does', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.parse('0001-01-01T00:00:00Z'), max: Date.parse('9999-12-30T00:00:00Z') }),
      fc.constantFrom(0, 60, -300, 330, 840, -720),
      fc.constantFrom('', '.1', '.12', '.123', '.123456'),
      (ms, offset, fraction) => {
        const text = instantText(Math.floor(ms / 1000) * 1000, offset).replace(
          /(\.000)?(Z|[+-]\d\d:\d\d)$/,
          `${fraction}$2`,
        )
        return parseInstant(text) === Date.parse(text)
      },
    ),
    { numRuns: 500 },
  )
  t.equal(parseInstant('2026-11-23t12:00:00z'), Date.UTC(2026, 10, 23, 12))
  for (const bad of [
    '2026-11-23',
    '2026-11-23T12:00:00',
    '2023-02-29T00:00:00Z',
    '2026-11-23T24:00:00Z',
    '2026-11-23T12:00:00.Z',
    '2026-11-23T12:00:00+2:00',
    'x',
  ]) {
    t.ok(Number.isNaN(parseInstant(bad)), `${bad} is not an instant`)
  }
})

t.test('dayNumber counts days since 1970-01-01', async (t) => {
  t.equal(dayNumber('1970-01-01'), 0)
  t.equal(dayNumber('2027-03-31') - dayNumber('2026-11-26'), 125)
  t.equal(dayNumber('1900-03-01') - dayNumber('1900-02-28'), 1, '1900 is not a leap year')
  t.equal(dayNumber('2100-03-01') - dayNumber('2100-02-28'), 1, '2100 is not a leap year')
  t.equal(dayNumber('2000-03-01') - dayNumber('2000-02-28'), 2, '2000 is')
  t.ok(Number.isNaN(dayNumber('2026-02-29')))
  t.ok(Number.isNaN(dayNumber('2026-13-01')))
  fc.assert(
    fc.property(
      fc.integer({ min: -719_162, max: 2_932_896 }),
      (day) => dayNumber(new Date(day * 86_400_000).toISOString().slice(0, 10)) === day,
    ),
    { numRuns: 500 },
  )
})
