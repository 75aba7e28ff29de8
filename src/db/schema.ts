// Drizzle tables. Every business table carries workspace_id and every unique key and index leads with it.
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  json as jsonText,
  jsonb,
  numeric,
  pgSequence,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import type { Evaluation } from '../qualification/evaluation-schema.js'
import { orderedId } from './ordered-id.js'
import type { Rubric } from '../qualification/rubric-schema.js'
import type { Scope } from '../schemas/api-keys.js'

// Millisecond precision, as JavaScript's Date has: a time read back and sent again (a page cursor) is exact.
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 })
// Two clocks, each for a reason. What a use case writes (records, ledger, events, and configuration: workspaces,
// API keys, rubric versions, column mappings, webhooks) is stamped with the app's injected time, handed to the
// repositories, so stored times agree with scoring and a test can fix them. Queue and lease times (jobs, webhook
// deliveries, idempotency claims, a key's last_used_at) are the database's now(): instances compare them with each
// other's, and the database is the one clock they all share; an instance whose clock is off would otherwise take
// a live lease or never take back a dead one. The defaults here serve only rows the database makes itself.
const createdAt = () => instant('created_at').notNull().defaultNow()

const updatedAt = () => instant('updated_at').notNull().defaultNow()
const workspaceId = () =>
  uuid('workspace_id')
    .notNull()
    .references(() => workspaces.id)
// A row whose key to its parent, (workspace_id, parent_id), implies the workspace has no key of its own to workspaces:
// it was checked again for every row written (a chunk of 500 imported leads: 1.6 ms for their funnel rows alone).
const impliedWorkspaceId = () => uuid('workspace_id').notNull()
const json = <T>(name: string) => jsonb(name).$type<T>()
// Append-only documents (ledger evaluations, event payloads) are stored as the text they were sent as: only read back
// whole, they need no jsonb tree, which cost the database more to build than the rest of an import row (json-rows.ts).
const document = <T>(name: string) => jsonText(name).$type<T>()
// Business rows are keyed by (workspace_id, id) so the data could be distributed by workspace.
//
// Ids made in the app are UUIDv7, increasing within the process: rows stamped at the same instant (one clock, one
// millisecond) still list newest first. Rows the database makes itself (insert ... select) take a random one.
const rowId = () => uuid('id').notNull().defaultRandom().$defaultFn(orderedId)

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** Overrides of the default stage probabilities and forecast categories. */
  stageSettings: json<Record<string, unknown>>('stage_settings'),
  /** Overrides of the default temperature thresholds and score-change threshold. */
  scoreSettings: json<Record<string, unknown>>('score_settings'),
  createdAt: createdAt(),
})

// Looked up by hash before the workspace is known, so its hash index is global (a reference table if sharded).
export const apiKeys = pgTable(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull().$type<Scope[]>(),
    createdAt: createdAt(),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_keys_key_hash_uq').on(t.keyHash),
    uniqueIndex('api_keys_workspace_id_uq').on(t.workspaceId, t.id),
  ],
)

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state', { enum: ['running', 'done'] }).notNull(),
    responseStatus: integer('response_status'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    responseBody: text('response_body'),
    createdAt: createdAt(),
    expiresAt: instant('expires_at')
      .notNull()
      .default(sql`now() + interval '24 hours'`),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
)

/** Immutable rubric versions; `active` marks the one version a workspace scores with. */
export const rubricVersions = pgTable(
  'rubric_versions',
  {
    workspaceId: workspaceId(),
    rubricId: uuid('rubric_id').notNull(),
    version: integer('version').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    definition: json<Rubric>('definition').notNull(),
    active: boolean('active').notNull().default(false),
    /** A fitted version waits for a person to look at its backtest and activate it. */
    draft: boolean('draft').notNull().default(false),
    /** How a fitted version was learned: method, rows, cross-validation, coefficients and the held-out backtest. */
    fit: json<Record<string, unknown>>('fit'),
    createdByKeyId: uuid('created_by_key_id'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.rubricId, t.version] }),
    uniqueIndex('rubric_versions_one_active_uq')
      .on(t.workspaceId)
      .where(sql`${t.active}`),
  ],
)

/** Column mappings: how a CRM export's CSV columns fill leads, attributes and labels (immutable once stored). */
export const columnMappings = pgTable(
  'column_mappings',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    name: text('name').notNull(),
    definition: json<Record<string, unknown>>('definition').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('column_mappings_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
)

export const leads = pgTable(
  'leads',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    email: text('email').notNull(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    phone: text('phone'),
    title: text('title'),
    seniority: text('seniority'),
    decisionRole: text('decision_role'),
    company: json<Record<string, unknown>>('company'),
    source: text('source'),
    sourceDetail: text('source_detail'),
    budget: json<Record<string, unknown>>('budget'),
    need: json<Record<string, unknown>>('need'),
    timeline: json<Record<string, unknown>>('timeline'),
    attributes: json<Record<string, unknown>>('attributes'),
    owner: text('owner'),
    status: text('status').notNull().default('new'),
    scoreTotal: real('score_total'),
    scoreGrade: text('score_grade'),
    scoreDecision: text('score_decision'),
    scoreRubricId: uuid('score_rubric_id'),
    scoreRubricVersion: integer('score_rubric_version'),
    scoredAt: instant('scored_at'),
    /** Engagement at scored_at as 100·points/cap, not capped, so it can be decayed in SQL to any later instant. */
    engagementPoints: real('engagement_points'),
    engagementHalfLifeDays: real('engagement_half_life_days'),
    /** The newest activity's occurred_at, kept by a trigger on activities whatever path inserts them. */
    lastActivityAt: instant('last_activity_at'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('leads_workspace_email_uq').on(t.workspaceId, sql`lower(${t.email})`),
    // Newest first; with last_activity_at in it, a bound on the last activity (last_activity_before, stalled_days)
    // is checked in the index instead of fetching every newer lead.
    index('leads_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id, t.lastActivityAt),
    // The list sorts: keyset pagination walks (key, id), with unscored or inactive leads as the lowest key.
    index('leads_workspace_score_idx').on(t.workspaceId, sql`coalesce(${t.scoreTotal}, -1)`, t.id),
    index('leads_workspace_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('leads_workspace_last_activity_idx').on(
      t.workspaceId,
      sql`coalesce(${t.lastActivityAt}, '-infinity'::timestamptz)`,
      t.id,
    ),
  ],
)

export const activities = pgTable(
  'activities',
  {
    id: rowId(),
    workspaceId: impliedWorkspaceId(),
    leadId: uuid('lead_id').notNull(),
    type: text('type').notNull(),
    direction: text('direction').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    metadata: json<Record<string, unknown>>('metadata'),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.leadId], foreignColumns: [leads.workspaceId, leads.id] }).onDelete(
      'cascade',
    ),
    index('activities_workspace_lead_idx').on(t.workspaceId, t.leadId, t.occurredAt),
  ],
)

export const prospects = pgTable(
  'prospects',
  {
    id: rowId(),
    workspaceId: impliedWorkspaceId(),
    leadId: uuid('lead_id').notNull(),
    status: text('status').notNull().default('active'),
    /** The evaluation that admitted it (or that a person overrode). */
    qualification: json<Evaluation>('qualification').notNull(),
    rubricId: uuid('rubric_id').notNull(),
    rubricVersion: integer('rubric_version').notNull(),
    overridden: boolean('overridden').notNull().default(false),
    overrideReason: text('override_reason'),
    notes: text('notes'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.leadId], foreignColumns: [leads.workspaceId, leads.id] }),
    uniqueIndex('prospects_workspace_lead_uq').on(t.workspaceId, t.leadId),
    index('prospects_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('prospects_workspace_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
  ],
)

export const stakeholders = pgTable(
  'stakeholders',
  {
    id: rowId(),
    workspaceId: impliedWorkspaceId(),
    prospectId: uuid('prospect_id').notNull(),
    name: text('name').notNull(),
    email: text('email'),
    title: text('title'),
    role: text('role').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({
      columns: [t.workspaceId, t.prospectId],
      foreignColumns: [prospects.workspaceId, prospects.id],
    }).onDelete('cascade'),
    index('stakeholders_workspace_prospect_idx').on(t.workspaceId, t.prospectId),
  ],
)

export const opportunities = pgTable(
  'opportunities',
  {
    id: rowId(),
    workspaceId: impliedWorkspaceId(),
    prospectId: uuid('prospect_id').notNull(),
    name: text('name').notNull(),
    amount: numeric('amount', { precision: 17, scale: 2 }).notNull(),
    currency: text('currency').notNull(),
    expectedCloseDate: date('expected_close_date'),
    stage: text('stage').notNull().default('prospecting'),
    lostReason: text('lost_reason'),
    closedAt: instant('closed_at'),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.prospectId], foreignColumns: [prospects.workspaceId, prospects.id] }),
    index('opportunities_workspace_prospect_idx').on(t.workspaceId, t.prospectId),
    index('opportunities_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    // The list sorts, walked as (key, id) like the lead list's.
    index('opportunities_workspace_updated_idx').on(t.workspaceId, t.updatedAt, t.id),
    index('opportunities_workspace_amount_idx').on(t.workspaceId, t.amount, t.id),
    index('opportunities_workspace_close_idx').on(
      t.workspaceId,
      sql`coalesce(${t.expectedCloseDate}, '-infinity'::date)`,
      t.id,
    ),
  ],
)

/** Append-only: every state change, with who, why, and the evaluation behind it. */
/**
 * Orders each record's history as its transitions committed: a transition takes its number when it is inserted,
 * after its use case has locked the record, so the next transition of that record cannot take a smaller one.
 * (`occurred_at` is the request's time, which racing requests can give in either order.)
 */
export const transitionSeq = pgSequence('transition_seq')

export const transitions = pgTable(
  'transitions',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state'),
    toState: text('to_state').notNull(),
    actorKeyId: uuid('actor_key_id'),
    reason: text('reason'),
    override: boolean('override').notNull().default(false),
    evaluation: document<Evaluation>('evaluation'),
    rubricId: uuid('rubric_id'),
    rubricVersion: integer('rubric_version'),
    requestId: text('request_id'),
    occurredAt: instant('occurred_at').notNull().defaultNow(),
    /** Recorded by an admin import with the past time it happened elsewhere (occurred_at), not the time of writing. */
    imported: boolean('imported').notNull().default(false),
    seq: bigint('seq', { mode: 'number' })
      .notNull()
      .default(sql`nextval('transition_seq')`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('transitions_workspace_entity_idx').on(t.workspaceId, t.entityType, t.entityId, t.occurredAt),
  ],
)

/**
 * One row per lead: what the funnel report needs from the lead's ledger and its opportunities' ledgers, so the report
 * aggregates narrow rows instead of the ledger. Kept by a statement trigger on transitions that recomputes the touched
 * leads from the whole ledger (backward moves and past-time imports included), and by a trigger on leads for the
 * source and owner; never written by the app.
 */
export const leadFunnel = pgTable(
  'lead_funnel',
  {
    workspaceId: impliedWorkspaceId(),
    leadId: uuid('lead_id').notNull(),
    createdAt: instant('created_at').notNull(),
    source: text('source'),
    owner: text('owner'),
    /** rubric_id:version of the lead's create transition. */
    rubric: text('rubric'),
    /** The grade of the lead's first qualification. */
    grade: text('grade'),
    workingAt: instant('working_at'),
    qualifiedAt: instant('qualified_at'),
    opportunityAt: instant('opportunity_at'),
    wonAt: instant('won_at'),
    nurtured: boolean('nurtured').notNull().default(false),
    disqualified: boolean('disqualified').notNull().default(false),
    lost: boolean('lost').notNull().default(false),
    leadNurtureMoves: integer('lead_nurture_moves').notNull().default(0),
    leadReopenMoves: integer('lead_reopen_moves').notNull().default(0),
    opportunityStageBackMoves: integer('opportunity_stage_back_moves').notNull().default(0),
    opportunityReopenMoves: integer('opportunity_reopen_moves').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.leadId] }),
    foreignKey({ columns: [t.workspaceId, t.leadId], foreignColumns: [leads.workspaceId, leads.id] }).onDelete(
      'cascade',
    ),
    index('lead_funnel_workspace_created_idx').on(t.workspaceId, t.createdAt),
  ],
)

/**
 * Every stay of an opportunity in a stage, from the transition into it to the opportunity's next transition (none yet:
 * it is still there), for the stage report and the empirical win rates. Rebuilt for the touched opportunities by a
 * statement trigger on transitions; never written by the app.
 */
export const opportunityStays = pgTable(
  'opportunity_stays',
  {
    workspaceId: workspaceId(),
    opportunityId: uuid('opportunity_id').notNull(),
    /** The seq of the transition into the stage. */
    seq: bigint('seq', { mode: 'number' }).notNull(),
    stage: text('stage').notNull(),
    enteredAt: instant('entered_at').notNull(),
    nextStage: text('next_stage'),
    leftAt: instant('left_at'),
    /** The opportunity's first stay in this stage (the win rates count an opportunity once per stage it visited). */
    firstVisit: boolean('first_visit').notNull().default(false),
    /** Where the opportunity is now: its last transition's stage, as every transition rebuilds its stays. */
    currentStage: text('current_stage'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.opportunityId, t.seq] }),
    index('opportunity_stays_workspace_entered_idx').on(t.workspaceId, t.enteredAt),
  ],
)

/**
 * Numbers every event of every workspace. Writers never wait for each other on it: numbers may commit out of order
 * and an aborted write leaves a gap, so the feed shows events only up to a watermark (event-watermark.ts).
 */
export const eventSeq = pgSequence('event_seq')

/** Append-only event log: numbered increasingly (with gaps), payload = the resource after the change. */
export const events = pgTable(
  'events',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    type: text('type').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    payload: document<Record<string, unknown>>('payload').notNull(),
    occurredAt: instant('occurred_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('events_workspace_seq_uq').on(t.workspaceId, t.seq),
    index('events_workspace_type_seq_idx').on(t.workspaceId, t.type, t.seq),
  ],
)

/** REST-hook subscriptions. The secret signs deliveries, so it is kept (not hashed) and shown only at creation. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    targetUrl: text('target_url').notNull(),
    events: text('events').array().notNull(),
    description: text('description'),
    enabled: boolean('enabled').notNull().default(true),
    disabledReason: text('disabled_reason'),
    secret: text('secret').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('webhooks_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
)

/** The outbox: one row per event and matching subscription, written in the event's transaction. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: rowId(),
    workspaceId: impliedWorkspaceId(),
    webhookId: uuid('webhook_id').notNull(),
    eventId: uuid('event_id').notNull(),
    eventSeq: bigint('event_seq', { mode: 'number' }).notNull(),
    eventType: text('event_type').notNull(),
    entityId: uuid('entity_id').notNull(),
    status: text('status', { enum: ['pending', 'succeeded', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull().defaultNow(),
    /** Set while a worker sends it; a worker that dies leaves it to expire, and the delivery is claimed again. */
    lockedUntil: instant('locked_until'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    deliveredAt: instant('delivered_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.webhookId], foreignColumns: [webhooks.workspaceId, webhooks.id] }).onDelete(
      'cascade',
    ),
    index('webhook_deliveries_workspace_webhook_idx').on(t.workspaceId, t.webhookId, t.createdAt, t.id),
    // The earliest pending event of a record for a subscription: one index entry, whatever is already delivered.
    index('webhook_deliveries_pending_order_idx')
      .on(t.workspaceId, t.webhookId, t.entityId, t.eventSeq)
      .where(sql`${t.status} = 'pending'`),
    // The one index not led by workspace_id: workers scan due deliveries across workspaces, in windows.
    index('webhook_deliveries_due_idx')
      .on(t.nextAttemptAt, t.id)
      .where(sql`${t.status} = 'pending'`),
  ],
)

/**
 * Append-only: every stored score change of a lead, written by a trigger on leads whatever path stores the score, or
 * by the statement that stores it when that statement says so to the trigger (a rescoring chunk: writeScores).
 */
export const leadScores = pgTable(
  'lead_scores',
  {
    id: rowId(),
    workspaceId: impliedWorkspaceId(),
    leadId: uuid('lead_id').notNull(),
    total: real('total').notNull(),
    grade: text('grade'),
    decision: text('decision'),
    rubricId: uuid('rubric_id'),
    rubricVersion: integer('rubric_version'),
    previousTotal: real('previous_total'),
    /** The lead's scored_at: the instant the score is as of. */
    evaluatedAt: instant('evaluated_at').notNull(),
    /** When it was stored (the clock of the database, not of the request): the list's order. */
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.leadId], foreignColumns: [leads.workspaceId, leads.id] }).onDelete(
      'cascade',
    ),
    index('lead_scores_workspace_lead_idx').on(t.workspaceId, t.leadId, t.createdAt, t.id),
  ],
)

/** Background jobs as resources (rescoring): state, progress and the first errors. */
export const jobs = pgTable(
  'jobs',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    type: text('type').notNull(),
    state: text('state', { enum: ['queued', 'running', 'succeeded', 'failed'] })
      .notNull()
      .default('queued'),
    /** What started it: api, activation or schedule. */
    trigger: text('trigger').notNull(),
    total: integer('total'),
    done: integer('done').notNull().default(0),
    changed: integer('changed').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    errors: json<{ lead_id: string | null; detail: string }[]>('errors').notNull().default([]),
    /** The runner's claim: a job whose claim expired (its process died) is claimed again and resumes after cursor. */
    lockedUntil: instant('locked_until'),
    cursor: uuid('cursor'),
    createdAt: createdAt(),
    startedAt: instant('started_at'),
    finishedAt: instant('finished_at'),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('jobs_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('jobs_claimable_idx')
      .on(t.createdAt)
      .where(sql`${t.state} in ('queued', 'running')`),
  ],
)
