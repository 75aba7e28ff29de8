// Lead, activity and lead-list shapes; the lead's facts are the qualification contract's LeadFacts.
import { Type, type Static, type TSchema } from 'typebox'
import { Activity, DECISIONS, GRADES, LEAD_SOURCES, LeadFacts, TEMPERATURES } from '../qualification/index.js'
import { LeadStatus } from '../qualification/lifecycle.js'
import { Int4, Timestamp, Uuid } from './common.js'
import { SortParam, StalledDays } from './list-query.js'
import { PageOf, PageQuery } from './page.js'

export const LEAD_SORT_KEYS = ['created_at', 'updated_at', 'score', 'last_activity_at'] as const

const Owner = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Who works the lead (free text: a name, an email, a user id)',
})

export const LeadInput = Type.Object(
  { ...LeadFacts.properties, owner: Type.Optional(Owner) },
  { title: 'LeadInput', additionalProperties: false },
)
export type LeadInput = Static<typeof LeadInput>

const nullable = <T extends TSchema>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]))
const { email: _email, ...clearable } = LeadInput.properties

/** Present fields replace, null clears; status, scores and version change only through transitions. */
export const LeadPatch = Type.Object(
  {
    email: Type.Optional(LeadFacts.properties.email),
    ...(Object.fromEntries(Object.entries(clearable).map(([k, v]) => [k, nullable(v as TSchema)])) as {
      [K in keyof typeof clearable]: ReturnType<typeof nullable<(typeof clearable)[K]>>
    }),
  },
  { title: 'LeadPatch', additionalProperties: false, minProperties: 1 },
)
export type LeadPatch = Static<typeof LeadPatch>

export const ScoreSummary = Type.Union(
  [
    Type.Object({
      total: Type.Number(),
      grade: Type.Enum(GRADES),
      decision: Type.Enum(DECISIONS),
      rubric_id: Uuid,
      rubric_version: Int4({ minimum: 1 }),
      evaluated_at: Timestamp,
    }),
    Type.Null(),
  ],
  { title: 'ScoreSummary', description: 'The latest evaluation with the active rubric' },
)

export const Lead = Type.Object(
  {
    id: Uuid,
    ...LeadFacts.properties,
    owner: Type.Optional(Owner),
    status: LeadStatus,
    score: ScoreSummary,
    last_activity_at: Type.Optional(Timestamp),
    version: Int4({ minimum: 1, description: 'Increases with every change; the ETag' }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Lead' },
)
export type Lead = Static<typeof Lead>

export const LeadQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(LeadStatus),
    source: Type.Optional(Type.Enum(LEAD_SOURCES)),
    grade: Type.Optional(Type.Enum(GRADES)),
    score_min: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    score_max: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    owner: Type.Optional(Owner),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    created_since: Type.Optional(Timestamp),
    updated_since: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
)
export type LeadQuery = Static<typeof LeadQuery>

/** The list's own parameters: orders and filters that need the clock or the workspace's thresholds. */
export const LeadListQuery = Type.Object(
  {
    ...LeadQuery.properties,
    sort: SortParam(
      LEAD_SORT_KEYS,
      'Unscored leads count as the lowest score and leads without activity as the oldest last_activity_at.',
    ),
    last_activity_before: Type.Optional(
      Type.String({
        format: 'date-time',
        maxLength: 40,
        description: 'Leads whose newest activity occurred before this instant (leads without activity are left out)',
      }),
    ),
    stalled_days: StalledDays('Leads with no activity, no transition and no creation in the last N days'),
    temperature: Type.Optional(
      Type.Enum(TEMPERATURES, {
        description:
          'From engagement decayed to now, against the thresholds of GET /v1/settings/scores (defaults: hot at 50 ' +
          'or more, warm at 20 or more, else cold)',
      }),
    ),
  },
  { additionalProperties: false },
)
export type LeadListQuery = Static<typeof LeadListQuery>

export const LeadList = PageOf(Lead)

export const UpsertResult = Type.Object(
  {
    result: Type.Enum(['created', 'updated', 'unchanged']),
    lead: Lead,
  },
  { title: 'UpsertResult' },
)

const Metadata = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean(), Type.Null()]),
  { maxProperties: 20 },
)

export const ActivityInput = Type.Object(
  {
    ...Activity.properties,
    metadata: Type.Optional(Metadata),
  },
  { title: 'ActivityInput', additionalProperties: false },
)
export type ActivityInput = Static<typeof ActivityInput>

export const LeadActivity = Type.Object(
  {
    id: Uuid,
    lead_id: Uuid,
    ...Activity.properties,
    metadata: Type.Union([Metadata, Type.Null()]),
    created_at: Timestamp,
  },
  { title: 'LeadActivity' },
)

export const RecordedActivity = Type.Object({ activity: LeadActivity, lead: Lead }, { title: 'RecordedActivity' })
export const ActivityList = PageOf(LeadActivity)
export const ActivityQuery = Type.Object(PageQuery, { additionalProperties: false })
export const AsOfQuery = Type.Object({ as_of: Type.Optional(Timestamp) }, { additionalProperties: false })
