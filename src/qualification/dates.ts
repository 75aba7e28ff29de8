// Calendar arithmetic in whole UTC days and RFC 3339 instants, without reading the clock.

export const DAY_MS = 86_400_000

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

const DAYS_BEFORE_MONTH = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

// Between 1901 and 2099 every fourth year is a leap year, which makes the common case a few integer operations.
function daysSinceEpoch(year: number, month: number, day: number): number {
  if (year <= 1900 || year >= 2100) return daysFromCivil(year, month, day)
  const years = year - 1970
  const leapDay = month > 2 && year % 4 === 0 ? 1 : 0
  return years * 365 + ((years + 1) >> 2) + (DAYS_BEFORE_MONTH[month] ?? 0) + leapDay + day - 1
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
}

/** The two-digit number at `at`, or -1; kept to small integers because this runs for every activity. */
function two(text: string, at: number): number {
  const a = text.charCodeAt(at)
  const b = text.charCodeAt(at + 1)
  return isDigit(a) && isDigit(b) ? (a - 48) * 10 + (b - 48) : -1
}

/** Days since 1970-01-01 of the YYYY-MM-DD at the start of `text`, or NaN when there is none. */
function dateAt(text: string): number {
  const century = two(text, 0)
  const yy = two(text, 2)
  const month = two(text, 5)
  const day = two(text, 8)
  if (
    century < 0 ||
    yy < 0 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45
  )
    return Number.NaN
  const year = century * 100 + yy
  return day > daysInMonth(year, month) ? Number.NaN : daysSinceEpoch(year, month, day)
}

/** Days since 1970-01-01 for a YYYY-MM-DD text, or NaN when it is not one. */
export function dayNumber(text: string): number {
  return text.length === 10 ? dateAt(text) : Number.NaN
}

/** The UTC calendar day an instant falls on, as days since 1970-01-01. */
export function dayOf(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS)
}

function offsetMinutes(text: string, at: number): number {
  const c = text[at]
  if ((c === 'Z' || c === 'z') && at === text.length - 1) return 0
  if ((c !== '+' && c !== '-') || at !== text.length - 6 || text[at + 3] !== ':') return Number.NaN
  const hours = two(text, at + 1)
  const minutes = two(text, at + 4)
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return Number.NaN
  return (c === '-' ? -1 : 1) * (hours * 60 + minutes)
}

/** Where the fraction of a second that may start at `at` ends. */
function fractionEnd(text: string, at: number): number {
  if (text[at] !== '.') return at
  let end = at + 1
  while (isDigit(text.charCodeAt(end))) end++
  return end
}

// Like Date.parse: digits beyond milliseconds are dropped, not rounded.
function milliseconds(text: string, at: number, end: number): number {
  if (end === at) return 0
  const written = end - at - 1
  if (written === 0) return Number.NaN
  let ms = 0
  for (let i = 1; i <= 3; i++) ms = ms * 10 + (i <= written ? text.charCodeAt(at + i) - 48 : 0)
  return ms
}

/**
 * Epoch milliseconds of an RFC 3339 date-time (what Date.parse gives for it), NaN for anything else.
 * Hand-written because Date.parse dominated the cost of an evaluation, and strict because Date.parse
 * reads a text without offset in the host's time zone and rolls 2023-02-29 over to March.
 */
export function parseInstant(text: string): number {
  const day = dateAt(text)
  const t = text[10]
  const hour = two(text, 11)
  const minute = two(text, 14)
  const second = two(text, 17)
  const valid = hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59
  if (!valid || (t !== 'T' && t !== 't') || text[13] !== ':' || text[16] !== ':') {
    return Number.NaN
  }
  const end = fractionEnd(text, 19)
  const offset = offsetMinutes(text, end)
  return day * DAY_MS + ((hour * 60 + minute - offset) * 60 + second) * 1000 + milliseconds(text, 19, end)
}

// The written form the API accepts: upper-case T and Z, at most nanoseconds; parseInstant then checks the ranges.
const INSTANT_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/
const DATE_FORM = /^\d{4}-\d{2}-\d{2}$/

// PostgreSQL has no year 0.
const fromYearOne = (text: string) => !text.startsWith('0000')

/**
 * An RFC 3339 date-time that JavaScript's Date and PostgreSQL both read as the same instant: a real day from year 1
 * on, no leap second (JavaScript cannot represent one), a zone.
 */
export function isInstant(text: string): boolean {
  return INSTANT_FORM.test(text) && fromYearOne(text) && !Number.isNaN(parseInstant(text))
}

/** A real YYYY-MM-DD day from year 1 on. */
export function isCalendarDate(text: string): boolean {
  return DATE_FORM.test(text) && fromYearOne(text) && !Number.isNaN(dayNumber(text))
}

/** The UTC day of a YYYY-MM-DD date or an RFC 3339 instant, NaN for anything else. */
export function factDay(text: string): number {
  if (text.length === 10) return dateAt(text)
  const ms = parseInstant(text)
  return Number.isNaN(ms) ? ms : dayOf(ms)
}
