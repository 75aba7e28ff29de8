// fast-check arbitraries for lead facts, activities and instants around the reference date.
import fc from 'fast-check'
import {
  ACTIVITY_TYPES, BUDGET_STATUSES, DECISION_ROLES, DIRECTIONS, HORIZONS, LEAD_SOURCES, NEED_LEVELS, SENIORITIES,
  type Activity, type LeadFacts,
} from '../../../src/qualification/index.js'
import { AS_OF } from './helpers.js'

const DAY = 86_400_000

export const decimalText = fc.stringMatching(/^\d{1,15}(\.\d{1,2})?$/)

/** A YYYY-MM-DD between `from` and `to` days after AS_OF. */
export const dateText = (from: number, to: number) =>
  fc.integer({ min: from, max: to }).map((days) => new Date(AS_OF.getTime() + days * DAY).toISOString().slice(0, 10))

/** An instant as RFC 3339 text, in UTC or with an offset. */
export function instantText(ms: number, offsetMinutes: number): string {
  if (offsetMinutes === 0) return new Date(ms).toISOString()
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19)
  const sign = offsetMinutes < 0 ? '-' : '+'
  const abs = Math.abs(offsetMinutes)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

const offset = fc.constantFrom(0, 0, 60, -300, 330, 840, -720)

/** An activity between `fromDays` before and `toDays` after AS_OF. */
export const activityArb = (fromDays = 400, toDays = 5): fc.Arbitrary<Activity> => fc.record({
  type: fc.constantFrom(...ACTIVITY_TYPES),
  direction: fc.constantFrom(...DIRECTIONS),
  // whole seconds: offsets are written without milliseconds
  at: fc.integer({ min: -fromDays * 86_400, max: toDays * 86_400 }).map((s) => AS_OF.getTime() + s * 1000),
  offset,
}).map(({ type, direction, at, offset }) => ({ type, direction, occurred_at: instantText(at, offset) }))

const word = fc.constantFrom('software', 'Software', 'retail', 'fintech', 'manufacturing', 'saas')

const company = fc.record({
  name: fc.constantFrom('Acme', 'Globex', 'Initech'),
  domain: fc.constantFrom('acme.io', 'globex.com', 'gmail.com', 'rival.example'),
  industry: word,
  employee_count: fc.integer({ min: 0, max: 100_000 }),
  annual_revenue: decimalText,
  country: fc.constantFrom('DE', 'US', 'FR', 'BR', 'JP', 'KP', 'IR', 'CU', 'SY'),
}, { requiredKeys: [] })

const budget = fc.record({
  status: fc.option(fc.constantFrom(...BUDGET_STATUSES), { nil: undefined }),
  money: fc.option(fc.record({ amount: decimalText, currency: fc.constantFrom('EUR', 'USD') }), { nil: undefined }),
}).map(({ status, money }) => ({ ...(status === undefined ? {} : { status }), ...money }))

const attributeValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('top', 'high', '12.5', '2027-01-15'),
)

export const leadArb: fc.Arbitrary<LeadFacts> = fc.record({
  email: fc.constantFrom('ana@acme.io', 'bob@globex.com', 'x@gmail.com'),
  first_name: fc.constant('Ana'),
  title: fc.constantFrom('VP Operations', 'Chief Revenue Officer', 'Head of Sales', 'Intern', 'Office manager', 'Founder & CEO'),
  seniority: fc.constantFrom(...SENIORITIES),
  decision_role: fc.constantFrom(...DECISION_ROLES),
  company,
  source: fc.constantFrom(...LEAD_SOURCES),
  budget,
  need: fc.record({
    level: fc.constantFrom(...NEED_LEVELS),
    pain_points: fc.array(fc.constantFrom('manual lead routing', 'slow reports', 'CRM hygiene', 'hiring'), { maxLength: 4 }),
  }, { requiredKeys: [] }),
  timeline: fc.record({ horizon: fc.constantFrom(...HORIZONS), purchase_by: dateText(-60, 500) }, { requiredKeys: [] }),
  attributes: fc.dictionary(
    fc.constantFrom('priority', 'metrics_defined', 'champion_identified', 'decision_process_known', 'seats', 'crm'),
    attributeValue,
    { maxKeys: 4 },
  ),
}, { requiredKeys: ['email'] })

/** asOf within a year either side of AS_OF, to the millisecond. */
export const asOfArb = fc.integer({ min: -365 * DAY, max: 365 * DAY }).map((d) => new Date(AS_OF.getTime() + d))
