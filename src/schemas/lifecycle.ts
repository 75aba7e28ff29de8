// Shapes shared by the lifecycle routes: transition bodies and options, history, events, stage settings.
import { Type } from 'typebox'
import { OPEN_STAGES, Stage } from '../qualification/lifecycle.js'
import { StageSetting } from '../qualification/stages.js'
import { Blocking, Evaluation } from '../qualification/evaluation-schema.js'
import { CONVERSION_BLOCKING_CODES } from '../qualification/lifecycle.js'
import {
  IdempotencyHeaders,
  Int4,
  Int53,
  MAX_TEXT,
  Problem,
  problemContent,
  Timestamp,
  UNCAPPED,
  Uuid,
} from './common.js'
import { Event } from './events.js'
import { PageOf, PageQuery } from './page.js'

export const WriteHeaders = Type.Object(
  {
    ...IdempotencyHeaders.properties,
    'if-match': Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'The ETag last seen; the change is refused with 412 if the record changed since',
      }),
    ),
  },
  { additionalProperties: true },
)

export const IfMatchHeaders = Type.Object(
  { 'if-match': WriteHeaders.properties['if-match'] },
  { additionalProperties: true },
)

export const DryRunQuery = Type.Object(
  {
    dry_run: Type.Optional(
      Type.Boolean({ default: false, description: 'Check the guard and return the would-be result without writing' }),
    ),
  },
  { additionalProperties: false },
)

const Reason = Type.String({ minLength: 1, maxLength: 1000 })
export const ReasonBody = Type.Object({ reason: Reason }, { title: 'ReasonBody', additionalProperties: false })
export const OptionalReasonBody = Type.Object(
  { reason: Type.Optional(Reason) },
  { title: 'OptionalReasonBody', additionalProperties: false },
)
export const QualifyBody = Type.Object(
  {
    override: Type.Optional(
      Type.Object(
        { reason: Reason },
        {
          additionalProperties: false,
          description:
            'Admit the lead although the rubric would not (admin scope); recorded with the evaluation it overrode',
        },
      ),
    ),
  },
  { title: 'QualifyBody', additionalProperties: false },
)
export const StageBody = Type.Object({ stage: Stage }, { title: 'StageBody', additionalProperties: false })
export const ReopenOpportunityBody = Type.Object(
  {
    stage: Type.Optional(
      Type.Enum(OPEN_STAGES, { description: 'The open stage to reopen into (default prospecting)' }),
    ),
  },
  { title: 'ReopenOpportunityBody', additionalProperties: false },
)
export const EmptyBody = Type.Object({}, { title: 'EmptyBody', additionalProperties: false })

export const DryRunFlag = { dry_run: Type.Boolean({ description: 'True when nothing was written' }) }

export const HistoryEntry = Type.Object(
  {
    id: Uuid,
    action: Type.String({ maxLength: 40 }),
    from: Type.Union([Type.String({ maxLength: 40 }), Type.Null()]),
    to: Type.String({ maxLength: 40 }),
    actor_key_id: Type.Union([Uuid, Type.Null()]),
    reason: Type.Union([Type.String({ maxLength: MAX_TEXT }), Type.Null()]),
    override: Type.Boolean(),
    rubric: Type.Union([Type.Object({ id: Uuid, version: Int4({ minimum: 1 }) }), Type.Null()]),
    evaluation: Type.Union([Evaluation, Type.Null()], {
      description: 'The evaluation the move was decided on (creation, engagement, qualification), when it was scored',
    }),
    request_id: Type.Union([Type.String({ maxLength: 128 }), Type.Null()]),
    occurred_at: Timestamp,
    imported: Type.Boolean({
      description:
        'Recorded by an admin import (POST /v1/opportunities/import): occurred_at is when it happened elsewhere',
    }),
    seconds_in_state: Int53({
      minimum: 0,
      description: 'How long the record stayed in `to`: until the next entry, or until now',
    }),
  },
  { title: 'HistoryEntry' },
)
export const History = Type.Object(
  {
    data: Type.Array(HistoryEntry, {
      maxItems: UNCAPPED,
      description: "Every change of this one record, oldest first: not paged, bounded by the record's own changes",
    }),
    time_in_state: Type.Record(Type.String({ maxLength: 40 }), Int53({ minimum: 0 }), {
      description: 'Seconds spent in each state, summed',
    }),
  },
  { title: 'History' },
)

export const EventList = PageOf(Event)
export const EventQuery = Type.Object(
  {
    ...PageQuery,
    type: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. lead.qualified' })),
  },
  { additionalProperties: false },
)

export const StageSettingsBody = Type.Partial(
  Type.Object(
    Object.fromEntries(Stage.enum.map((s: string) => [s, StageSetting])) as Record<string, typeof StageSetting>,
  ),
  { title: 'StageSettingsBody', additionalProperties: false, minProperties: 1 },
)
export const StageSettingsView = Type.Object(
  Object.fromEntries(Stage.enum.map((s: string) => [s, StageSetting])) as Record<string, typeof StageSetting>,
  { title: 'StageSettingsView' },
)

/** What stops a conversion (the funnel's rule, not the rubric's). */
const ConversionBlocking = Type.Object(
  { code: Type.Enum(CONVERSION_BLOCKING_CODES), detail: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
)

/**
 * The 422 of qualify and convert: a problem that also lists what blocks the move (and, for qualify, the evaluation).
 */
export const BlockedProblem = Type.Object(
  {
    ...Problem.properties,
    blocking: Type.Optional(
      Type.Array(Type.Union([Blocking, ConversionBlocking]), { maxItems: 200, description: 'What stops the move' }),
    ),
    evaluation: Type.Optional(Evaluation),
  },
  {
    additionalProperties: true,
    $id: 'BlockedProblem',
    description: 'A problem; QUALIFICATION_BLOCKED and CONVERSION_BLOCKED add `blocking` (and qualify `evaluation`)',
  },
)

export const blockedProblem = () => problemContent('Blocked by the rubric or the funnel', Type.Ref('BlockedProblem'))
