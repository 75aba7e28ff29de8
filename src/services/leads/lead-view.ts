// Maps between lead rows, the API's lead shape, and the facts the engine scores.
import type { ActivityRow, LeadChanges, LeadRow } from '../../db/repositories/leads.js'
import { uncappedEngagement, type Activity, type Evaluation, type LeadFacts } from '../../qualification/index.js'
import type { Lead, LeadInput } from '../../schemas/leads.js'

// API field -> row column, for every fact stored in its own column or JSON column.
const COLUMNS = {
  email: 'email',
  first_name: 'firstName',
  last_name: 'lastName',
  phone: 'phone',
  title: 'title',
  seniority: 'seniority',
  decision_role: 'decisionRole',
  company: 'company',
  source: 'source',
  source_detail: 'sourceDetail',
  budget: 'budget',
  need: 'need',
  timeline: 'timeline',
  attributes: 'attributes',
  owner: 'owner',
} as const satisfies Record<keyof LeadInput, keyof LeadRow>

type Field = keyof typeof COLUMNS
const FIELDS = Object.keys(COLUMNS) as Field[]

/** The stored values of every field present in `input` (null clears). */
export function leadColumns(input: Partial<Record<Field, unknown>>): LeadChanges {
  const changes: Record<string, unknown> = {}
  for (const field of FIELDS) if (field in input) changes[COLUMNS[field]] = input[field] ?? null
  return changes as LeadChanges
}

/** The columns of a row that hold the API's fields. */
type FieldColumns = Pick<LeadRow, (typeof COLUMNS)[Field]>

/** The API fields of a row that have a value. */
function presentFields(row: FieldColumns): Partial<Record<Field, unknown>> {
  const out: Partial<Record<Field, unknown>> = {}
  for (const field of FIELDS) {
    const value = row[COLUMNS[field]]
    if (value !== null && value !== undefined) out[field] = value
  }
  return out
}

export function leadFacts(row: FieldColumns): LeadFacts {
  const { owner: _owner, ...facts } = presentFields(row)
  return facts as LeadFacts
}

/** The fields leadView shows only when they have a value, and their columns (a statement that builds the view). */
export const leadViewShape = { present: FIELDS.map((field) => [field, COLUMNS[field]] as const) }

/** A lead's score as the API shows it (null until scored). */
export function scoreView(
  row: Pick<
    LeadRow,
    'scoreTotal' | 'scoreGrade' | 'scoreDecision' | 'scoreRubricId' | 'scoreRubricVersion' | 'scoredAt'
  >,
): Lead['score'] {
  return row.scoreTotal === null || row.scoredAt === null
    ? null
    : ({
        total: row.scoreTotal,
        grade: row.scoreGrade,
        decision: row.scoreDecision,
        rubric_id: row.scoreRubricId,
        rubric_version: row.scoreRubricVersion,
        evaluated_at: row.scoredAt.toISOString(),
      } as Lead['score'])
}

export function leadView(row: LeadRow): Lead {
  return {
    id: row.id,
    ...presentFields(row),
    status: row.status,
    score: scoreView(row),
    ...(row.lastActivityAt ? { last_activity_at: row.lastActivityAt.toISOString() } : {}),
    version: row.version,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  } as Lead
}

export function scoreColumns(evaluation: Evaluation): LeadChanges {
  return {
    scoreTotal: evaluation.total,
    scoreGrade: evaluation.grade,
    scoreDecision: evaluation.decision,
    scoreRubricId: evaluation.rubric.id,
    scoreRubricVersion: evaluation.rubric.version,
    scoredAt: new Date(evaluation.evaluated_at),
    engagementPoints: uncappedEngagement(evaluation.engagement.raw_points, evaluation.engagement.cap),
    engagementHalfLifeDays: evaluation.engagement.half_life_days,
  }
}

export function activityView(row: ActivityRow) {
  return {
    id: row.id,
    lead_id: row.leadId,
    type: row.type as Activity['type'],
    direction: row.direction as Activity['direction'],
    occurred_at: row.occurredAt.toISOString(),
    metadata: row.metadata as Record<string, string | number | boolean | null> | null,
    created_at: row.createdAt.toISOString(),
  }
}

export const asActivity = (row: Pick<ActivityRow, 'type' | 'direction' | 'occurredAt'>): Activity =>
  ({ type: row.type, direction: row.direction, occurred_at: row.occurredAt.toISOString() }) as Activity

// jsonb stores an object's keys in its own order, so objects compare with their keys sorted.
const canonical = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(canonical)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
        )
      : value

/** True when applying `changes` would alter nothing. JSON columns compare by value, whatever their key order. */
export function changesNothing(row: LeadRow, changes: LeadChanges): boolean {
  return Object.entries(changes).every(
    ([column, value]) =>
      JSON.stringify(canonical(row[column as keyof LeadRow] ?? null)) === JSON.stringify(canonical(value ?? null)),
  )
}
