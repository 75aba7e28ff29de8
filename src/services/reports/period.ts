// A report period of whole UTC days, from and to inclusive, checked with pointers to the offending parameter.
import { AppError } from '../../errors.js'

export const MAX_PERIOD_DAYS = 366
const DAY_MS = 86_400_000

export interface Period {
  from: string
  to: string
  /** The first instant of `from`. */
  start: Date
  /** The first instant after `to`. */
  end: Date
}

const badPeriod = (pointer: string, detail: string) =>
  new AppError('VALIDATION_FAILED', `query ${pointer}: ${detail}`, { errors: [{ pointer, in: 'query', detail }] })

export function periodOf(from: string, to: string): Period {
  const start = new Date(`${from}T00:00:00Z`)
  const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY_MS)
  if (end <= start) throw badPeriod('/to', `must not be before from (${from})`)
  if ((end.getTime() - start.getTime()) / DAY_MS > MAX_PERIOD_DAYS)
    throw badPeriod('/to', `the period may span at most ${MAX_PERIOD_DAYS} days`)
  return { from, to, start, end }
}

/** An optional period: both ends or neither. */
export function optionalPeriod(from: string | undefined, to: string | undefined): Period | undefined {
  if (from === undefined && to === undefined) return undefined
  if (from === undefined) throw badPeriod('/from', 'give from together with to')
  if (to === undefined) throw badPeriod('/to', 'give to together with from')
  const start = new Date(`${from}T00:00:00Z`)
  const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + DAY_MS)
  if (end <= start) throw badPeriod('/to', `must not be before from (${from})`)
  return { from, to, start, end }
}

/** A fraction rounded to 4 decimals, or null when there is nothing to divide by. */
export const rate = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000

export const numberOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value)
