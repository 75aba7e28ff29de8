// Jobs: long-running work as a resource (rescoring), polled for state and progress.
import { Type, type Static } from 'typebox'
import { Int4, MAX_TEXT, Timestamp, Uuid } from './common.js'
import { PageOf, PageQuery } from './page.js'
import { ScoreSummary } from './leads.js'

export const JOB_TRIGGERS = ['api', 'activation', 'schedule'] as const

export const Job = Type.Object(
  {
    id: Uuid,
    type: Type.Enum(['rescore']),
    state: Type.Enum(['queued', 'running', 'succeeded', 'failed']),
    trigger: Type.Enum(JOB_TRIGGERS, {
      description: 'What started it: an API call, a rubric activation, the daily run',
    }),
    progress: Type.Object({
      done: Int4({ minimum: 0 }),
      total: Type.Union([Int4({ minimum: 0 }), Type.Null()], { description: 'Open leads counted at start' }),
    }),
    changed: Int4({ minimum: 0, description: 'Leads whose stored score changed' }),
    error_count: Int4({ minimum: 0 }),
    errors: Type.Array(
      Type.Object({ lead_id: Type.Union([Uuid, Type.Null()]), detail: Type.String({ maxLength: MAX_TEXT }) }),
      {
        maxItems: 10,
        description: 'The first 10 errors',
      },
    ),
    created_at: Timestamp,
    started_at: Type.Union([Timestamp, Type.Null()]),
    finished_at: Type.Union([Timestamp, Type.Null()]),
  },
  { title: 'Job' },
)
export type Job = Static<typeof Job>

export const LeadScore = Type.Object(
  {
    id: Uuid,
    lead_id: Uuid,
    total: Type.Number(),
    previous_total: Type.Union([Type.Number(), Type.Null()]),
    grade: Type.Union([ScoreSummary.anyOf[0].properties.grade, Type.Null()]),
    decision: Type.Union([ScoreSummary.anyOf[0].properties.decision, Type.Null()]),
    rubric_id: Type.Union([Uuid, Type.Null()]),
    rubric_version: Type.Union([Int4({ minimum: 1 }), Type.Null()]),
    evaluated_at: Timestamp,
    recorded_at: Timestamp,
  },
  { title: 'LeadScore' },
)
export const LeadScoreList = PageOf(LeadScore)
export const LeadScoreQuery = Type.Object(PageQuery, { additionalProperties: false })
export const JobList = PageOf(Job)
export const JobQuery = Type.Object(PageQuery, { additionalProperties: false })
