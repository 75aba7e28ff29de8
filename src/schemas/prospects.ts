// Prospect, stakeholder and conversion shapes.
import { Type, type Static } from 'typebox'
import { Evaluation } from '../qualification/index.js'
import { Decimal } from '../qualification/lead.js'
import { ProspectStatus, StakeholderRole } from '../qualification/lifecycle.js'
import { Int4, MAX_TEXT, Timestamp, Uuid } from './common.js'
import { Currency } from './opportunities.js'
import { SortParam, StalledDays } from './list-query.js'
import { PageOf, PageQuery } from './page.js'

/** Stakeholders one prospect can have: a buying committee, not a contact list (adding one more is a 409). */
export const MAX_STAKEHOLDERS = 50

export const Stakeholder = Type.Object(
  {
    id: Uuid,
    name: Type.String({ maxLength: 200 }),
    email: Type.Union([Type.String({ maxLength: 254 }), Type.Null()]),
    title: Type.Union([Type.String({ maxLength: 200 }), Type.Null()]),
    role: StakeholderRole,
    created_at: Timestamp,
  },
  { title: 'Stakeholder' },
)

export const StakeholderInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    role: StakeholderRole,
  },
  { title: 'StakeholderInput', additionalProperties: false },
)

export const Prospect = Type.Object(
  {
    id: Uuid,
    lead_id: Uuid,
    status: ProspectStatus,
    qualification: Evaluation,
    rubric: Type.Object({ id: Uuid, version: Int4({ minimum: 1 }) }),
    override: Type.Union([Type.Object({ reason: Type.String({ maxLength: MAX_TEXT }) }), Type.Null()], {
      description: 'Set when a person admitted it against the rubric',
    }),
    notes: Type.Union([Type.String({ maxLength: 5000 }), Type.Null()]),
    stakeholders: Type.Array(Stakeholder, {
      maxItems: MAX_STAKEHOLDERS,
      description: `At most ${MAX_STAKEHOLDERS}: adding one more answers 409 LIMIT_REACHED`,
    }),
    version: Int4({ minimum: 1 }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Prospect' },
)

export const ProspectPatch = Type.Object(
  {
    notes: Type.Union([Type.String({ maxLength: 5000 }), Type.Null()]),
  },
  { title: 'ProspectPatch', additionalProperties: false },
)

export const PROSPECT_SORT_KEYS = ['created_at', 'updated_at'] as const

export const ProspectQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(ProspectStatus),
    lead_id: Type.Optional(Uuid),
    owner: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: "The owner of the prospect's lead, exactly" }),
    ),
    overridden: Type.Optional(
      Type.Boolean({ description: 'Admitted by a person against the rubric (true) or by the rubric (false)' }),
    ),
    stalled_days: StalledDays(
      'Prospects with no transition, no creation and no activity of their lead in the last N days',
    ),
    sort: SortParam(PROSPECT_SORT_KEYS),
  },
  { additionalProperties: false },
)
export type ProspectQuery = Static<typeof ProspectQuery>
export const ProspectList = PageOf(Prospect)
export const StakeholderParams = Type.Object({ id: Uuid, sid: Uuid }, { additionalProperties: false })

export const ConvertBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    amount: Decimal,
    currency: Currency,
    expected_close_date: Type.Optional(Type.String({ format: 'date', maxLength: 10 })),
  },
  { title: 'ConvertBody', additionalProperties: false },
)
