// LeadFacts: everything the engine may know about a lead, as the API accepts it.
import { Type, type Static } from 'typebox'
import { Int4 } from './integers.js'

export const SENIORITIES = ['c_level', 'vp', 'director', 'manager', 'senior', 'entry', 'intern', 'other'] as const
/** The parts a person plays in a buying decision: a lead's own role, and a prospect's stakeholders'. */
export const BUYING_ROLES = [
  'decision_maker',
  'economic_buyer',
  'champion',
  'influencer',
  'user',
  'gatekeeper',
] as const
export const DECISION_ROLES = [...BUYING_ROLES, 'unknown'] as const
export const LEAD_SOURCES = [
  'web_form',
  'newsletter',
  'webinar',
  'event',
  'content_download',
  'referral',
  'outbound',
  'paid_ads',
  'social',
  'partner',
  'other',
] as const
export const BUDGET_STATUSES = ['none', 'exploring', 'allocated', 'approved'] as const
export const NEED_LEVELS = ['none', 'low', 'medium', 'high', 'critical'] as const
export const HORIZONS = ['immediate', 'month', 'quarter', 'half_year', 'year', 'unknown'] as const

// Money stays a string end to end: 15 integer digits and cents exceed what a double holds exactly.
export const DECIMAL_PATTERN = '^\\d{1,15}(\\.\\d{1,2})?$'
export const Decimal = Type.String({
  pattern: DECIMAL_PATTERN,
  maxLength: 18,
  description: 'Decimal number as a string, e.g. "50000.00"',
})

export const ATTRIBUTE_KEY_PATTERN = '^[A-Za-z][A-Za-z0-9_]{0,63}$'

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength })

export const Company = Type.Object(
  {
    name: Type.Optional(Text(200)),
    domain: Type.Optional(Type.String({ format: 'hostname', maxLength: 253 })),
    industry: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'Lowercase free text, e.g. "software"' }),
    ),
    employee_count: Type.Optional(Int4({ minimum: 0, maximum: 10_000_000 })),
    annual_revenue: Type.Optional(Decimal),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', maxLength: 2, description: 'ISO 3166-1 alpha-2' })),
  },
  { title: 'Company', additionalProperties: false },
)

export const Budget = Type.Object(
  {
    status: Type.Optional(Type.Enum(BUDGET_STATUSES)),
    amount: Type.Optional(Decimal),
    currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', maxLength: 3, description: 'ISO 4217' })),
  },
  { title: 'Budget', additionalProperties: false, dependentRequired: { amount: ['currency'] } },
)

export const Need = Type.Object(
  {
    level: Type.Optional(Type.Enum(NEED_LEVELS)),
    pain_points: Type.Optional(Type.Array(Text(200), { maxItems: 20 })),
  },
  { title: 'Need', additionalProperties: false },
)

export const Timeline = Type.Object(
  {
    horizon: Type.Optional(Type.Enum(HORIZONS)),
    purchase_by: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD' })),
  },
  { title: 'Timeline', additionalProperties: false },
)

export const AttributeValue = Type.Union(
  [Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()],
  { title: 'AttributeValue' },
)

export const Attributes = Type.Record(Type.String({ pattern: ATTRIBUTE_KEY_PATTERN }), AttributeValue, {
  title: 'Attributes',
  additionalProperties: false,
  maxProperties: 50,
})

export const LeadFacts = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    first_name: Type.Optional(Text(100)),
    last_name: Type.Optional(Text(100)),
    phone: Type.Optional(Text(40)),
    title: Type.Optional(Text(200)),
    seniority: Type.Optional(Type.Enum(SENIORITIES)),
    decision_role: Type.Optional(Type.Enum(DECISION_ROLES)),
    company: Type.Optional(Company),
    source: Type.Optional(Type.Enum(LEAD_SOURCES)),
    source_detail: Type.Optional(Text(200)),
    budget: Type.Optional(Budget),
    need: Type.Optional(Need),
    timeline: Type.Optional(Timeline),
    attributes: Type.Optional(Attributes),
  },
  { title: 'LeadFacts', additionalProperties: false },
)

export type LeadFacts = Static<typeof LeadFacts>
export type Seniority = (typeof SENIORITIES)[number]
export type BudgetStatus = (typeof BUDGET_STATUSES)[number]
export type Horizon = (typeof HORIZONS)[number]
