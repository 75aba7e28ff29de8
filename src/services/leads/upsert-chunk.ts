// Use case: upsert many checked leads (with their activities) by email in one transaction and a handful of statements
// whatever their number: one look-up, multi-row inserts, the ledger and the events in batches. Same rows, events and
// results as upserting them one by one. Should the database refuse the set (one row it cannot store, a lead created
// meanwhile by someone else), its halves are written again, down to single rows, so a bad row is reported and the
// others land.
import { orderedId } from '../../db/ordered-id.js'
import type { Database, Transaction } from '../../db/client.js'
import { insertTransitions } from '../../db/repositories/ledger-batch.js'
import {
  findActivitiesAt,
  findLeadsByEmails,
  insertActivities,
  insertLeadsIfNew,
  listRecentActivitiesOf,
  updateLead,
  type LeadChanges,
  type LeadRow,
  type NewActivity,
  type NewLead,
} from '../../db/repositories/leads.js'
import { AppError } from '../../errors.js'
import { evaluate, MAX_SCORED_ACTIVITIES, type Evaluation, type LeadFacts } from '../../qualification/index.js'
import type { ActivityInput, LeadInput } from '../../schemas/leads.js'
import type { Actor } from '../lifecycle/actor.js'
import { recordEvents, transitionRow, type BatchEvent } from '../lifecycle/record.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { activeRubric, type ScoringRubric } from '../rubrics/scoring-rubric.js'
import { asActivity, changesNothing, leadColumns, leadFacts, leadView, scoreColumns } from './lead-view.js'
import { activityKey, distinctActivities, recordedEvent, rowKey, scoredActivity } from './upsert-activities.js'
import type { ItemOutcome } from './upsert-item.js'
import { upsertLead } from './upsert-lead.js'
import { INITIAL_STATE } from '../../qualification/lifecycle.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export interface LeadItem {
  input: LeadInput
  activities?: ActivityInput[] | undefined
  /** Where an error of this item points: "" for an import row, "/leads/3" for a batch item. */
  pointer: string
  /** The lead this item would create, scored ahead of the transaction; used if its rubric is still the active one. */
  creation?: Creation | undefined
}

/** What an import carries from chunk to chunk: the rubric it scored with, and whether most rows were new. */
export interface Scoring {
  rubric?: ScoringRubric
  mostlyNew?: boolean
}

/** A part holds at most this many activities, so its statements stay small. */
const MAX_PART_ACTIVITIES = 5000

class CreatedMeanwhile extends Error {}

/** A refusal that concerns some row of the set (SQLSTATE-coded, or a domain error), not a fault of this code. */
export function refusedByDatabase(error: unknown): boolean {
  return error instanceof AppError || error instanceof CreatedMeanwhile || sqlStateOf(error) !== undefined
}

// Drizzle wraps the driver's error (which carries the SQLSTATE) as its cause.
function sqlStateOf(error: unknown): { code: string; message: string } | undefined {
  for (let e = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return { code, message: e.message }
  }
  return undefined
}

/** Why the database refused this one row (bad data, a constraint), or undefined for a fault of the server. */
export function rowRefusal(error: unknown): string | undefined {
  if (error instanceof AppError) return error.detail
  const state = sqlStateOf(error)
  return state !== undefined && /^2[23]/.test(state.code) ? `the database refused the row: ${state.message}` : undefined
}

/** Consecutive runs without an email twice (a repeat updates what the earlier row wrote, so it comes after it). */
function* parts(items: readonly LeadItem[]): Generator<LeadItem[]> {
  let part: LeadItem[] = []
  let emails = new Set<string>()
  let activities = 0
  for (const item of items) {
    const email = item.input.email.toLowerCase()
    const count = item.activities?.length ?? 0
    if (emails.has(email) || (part.length > 0 && activities + count > MAX_PART_ACTIVITIES)) {
      yield part
      ;[part, emails, activities] = [[], new Set(), 0]
    }
    part.push(item)
    emails.add(email)
    activities += count
  }
  if (part.length > 0) yield part
}

export async function upsertLeadItems(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  items: readonly LeadItem[],
  scoring: Scoring = {},
): Promise<ItemOutcome[]> {
  const outcomes: ItemOutcome[] = []
  for (const part of parts(items)) outcomes.push(...(await writeOrSplit(db, compiled, actor, part, scoring)))
  return outcomes
}

/**
 * Writes the part in one transaction; if the database refuses it, each half again, down to single rows, so one bad
 * row costs a few transactions, not one per row. A failure of the database itself fails the halves just the same
 * and ends the call there.
 */
async function writeOrSplit(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  part: LeadItem[],
  scoring: Scoring,
): Promise<ItemOutcome[]> {
  if (part.length === 1) return [await upsertOne(db, compiled, actor, part[0]!)]
  try {
    return await unitOfWork(db, {}, (tx) => writePart(tx, compiled, actor, part, scoring))
  } catch (error) {
    if (!refusedByDatabase(error)) throw error
    // Each row still gets its answer, so a fault that refuses every batch would only show as a slow import.
    actor.log?.warn(
      { rows: part.length, cause: sqlStateOf(error) ?? { message: (error as Error).message } },
      'a batch of leads was refused; its halves are written again',
    )
    const half = Math.ceil(part.length / 2)
    return [
      ...(await writeOrSplit(db, compiled, actor, part.slice(0, half), scoring)),
      ...(await writeOrSplit(db, compiled, actor, part.slice(half), scoring)),
    ]
  }
}

/** One item in its own transaction; a refusal (domain or data) is its result, anything else a fault of the server. */
async function upsertOne(db: Database, compiled: CompiledRubrics, actor: Actor, item: LeadItem): Promise<ItemOutcome> {
  try {
    const upserted = await upsertLead(db, compiled, actor, item.input, item.activities)
    const outcome = { result: upserted.result, id: upserted.lead.id }
    return item.activities === undefined ? outcome : { ...outcome, activities: upserted.activities }
  } catch (error) {
    const refusal = rowRefusal(error)
    if (refusal === undefined) throw error
    return { result: 'error', errors: [{ pointer: item.pointer || '/', detail: refusal }] }
  }
}

/** A new lead as an item creates it: its row, scored with `rubric`, and its first activities. */
export interface Creation {
  rubric: ScoringRubric
  row: NewLead & { id: string }
  evaluation: Evaluation
  activities: NewActivityRow[]
}

type Plan =
  | { kind: 'unchanged'; item: LeadItem; row: LeadRow }
  | { kind: 'update'; item: LeadItem; row: LeadRow; changes: LeadChanges; activities: NewActivityRow[] }
  | ({ kind: 'create'; item: LeadItem } & Creation)

type NewActivityRow = NewActivity & { id: string }

const newActivity = (actor: Actor, leadId: string, a: ActivityInput): NewActivityRow => ({
  id: orderedId(),
  workspaceId: actor.workspaceId,
  leadId,
  type: a.type,
  direction: a.direction,
  occurredAt: new Date(a.occurred_at),
  metadata: a.metadata ?? null,
})

async function knownActivities(tx: Transaction, actor: Actor, items: LeadItem[], existing: Map<string, LeadRow>) {
  const leadIds: string[] = []
  const instants = new Set<number>()
  for (const item of items) {
    const row = existing.get(item.input.email.toLowerCase())
    if (row === undefined || item.activities === undefined || item.activities.length === 0) continue
    leadIds.push(row.id)
    for (const a of item.activities) instants.add(Date.parse(a.occurred_at))
  }
  const rows = await findActivitiesAt(
    tx,
    actor.workspaceId,
    leadIds,
    [...instants].map((ms) => new Date(ms)),
  )
  return new Set(rows.map(rowKey))
}

function plan(
  actor: Actor,
  rubric: ScoringRubric,
  item: LeadItem,
  existing: LeadRow | undefined,
  known: Set<string>,
): Plan {
  if (existing !== undefined) {
    const fresh = distinctActivities(item.activities ?? [], existing.id).filter(
      (a) => !known.has(activityKey(existing.id, a)),
    )
    // The email is the key: a retry in other letter case must not count as a change.
    const { email: _email, ...input } = item.input
    const changes = leadColumns(input)
    if (fresh.length === 0 && changesNothing(existing, changes)) return { kind: 'unchanged', item, row: existing }
    const activities = fresh.map((a) => newActivity(actor, existing.id, a))
    return { kind: 'update', item, row: existing, changes, activities }
  }
  const ahead = item.creation
  const current = ahead?.rubric.id === rubric.id && ahead.rubric.version === rubric.version
  return { kind: 'create', item, ...(current ? ahead : creationOf(actor, rubric, item)) }
}

/** The lead the item creates if its email is new: pure, so it may be made before the transaction. */
export function creationOf(actor: Actor, rubric: ScoringRubric, item: LeadItem): Creation {
  const id = orderedId()
  const fresh = distinctActivities(item.activities ?? [])
  const { owner: _owner, ...facts } = item.input
  const evaluation = evaluate({
    lead: facts as LeadFacts,
    activities: fresh.map(scoredActivity),
    rubric,
    asOf: actor.now,
  })
  const row = {
    id,
    workspaceId: actor.workspaceId,
    ...leadColumns(item.input),
    ...scoreColumns(evaluation),
    email: item.input.email,
    status: INITIAL_STATE.lead,
  }
  return { rubric, row, evaluation, activities: fresh.map((a) => newActivity(actor, id, a)) }
}

/** Rescores the changed leads with their newest activities (the new ones included) and writes them. */
export async function updateLeads(
  tx: Transaction,
  actor: Actor,
  rubric: ScoringRubric,
  updates: readonly { row: LeadRow; changes: LeadChanges }[],
): Promise<Map<string, LeadRow>> {
  const recent = new Map<string, ReturnType<typeof asActivity>[]>()
  const ids = updates.map((u) => u.row.id)
  for (const a of await listRecentActivitiesOf(tx, actor.workspaceId, ids, MAX_SCORED_ACTIVITIES))
    (recent.get(a.leadId) ?? recent.set(a.leadId, []).get(a.leadId)!).push(asActivity(a))
  const updated = new Map<string, LeadRow>()
  for (const { row, changes } of updates) {
    const lead = leadFacts({ ...row, ...changes } as LeadRow)
    const evaluation = evaluate({ lead, activities: recent.get(row.id) ?? [], rubric, asOf: actor.now })
    updated.set(
      row.id,
      await updateLead(tx, actor.workspaceId, row.id, { ...changes, ...scoreColumns(evaluation) }, actor.now),
    )
  }
  return updated
}

async function writePart(
  tx: Transaction,
  compiled: CompiledRubrics,
  actor: Actor,
  items: LeadItem[],
  scoring: Scoring,
): Promise<ItemOutcome[]> {
  const emails = items.map((i) => i.input.email)
  const existing = new Map(
    (await findLeadsByEmails(tx, actor.workspaceId, emails, true)).map((r) => [r.email.toLowerCase(), r]),
  )
  const rubric = await activeRubric(tx, compiled, actor.workspaceId)
  const known = await knownActivities(tx, actor, items, existing)
  const plans = items.map((item) => plan(actor, rubric, item, existing.get(item.input.email.toLowerCase()), known))
  const creates = plans.filter((p) => p.kind === 'create')
  scoring.rubric = rubric
  scoring.mostlyNew = creates.length * 2 >= items.length
  const created = new Map(
    (
      await insertLeadsIfNew(
        tx,
        creates.map((c) => c.row),
        actor.now,
      )
    ).map((r) => [r.id, r]),
  )
  if (created.size !== creates.length) throw new CreatedMeanwhile('a lead of this part was created meanwhile')
  const activities = new Map(
    (
      await insertActivities(
        tx,
        plans.flatMap((p) => (p.kind === 'unchanged' ? [] : p.activities)),
        actor.now,
      )
    ).map((a) => [a.id, a]),
  )
  const updates = plans.filter((p) => p.kind === 'update')
  const updated = await updateLeads(tx, actor, rubric, updates)
  await insertTransitions(
    tx,
    creates.map((c) =>
      transitionRow(actor, {
        entity: 'lead',
        entityId: c.row.id,
        action: 'create',
        from: null,
        to: created.get(c.row.id)!.status,
        evaluation: c.evaluation,
      }),
    ),
  )
  const events: BatchEvent[] = []
  const recorded = (p: Extract<Plan, { activities: unknown }>) =>
    p.activities.map((a) => recordedEvent(activities.get(a.id)!))
  const outcomes = plans.map((p): ItemOutcome => {
    const count =
      p.item.activities === undefined ? {} : { activities: p.kind === 'unchanged' ? 0 : p.activities.length }
    if (p.kind === 'unchanged') return { result: 'unchanged', id: p.row.id, ...count }
    const row = p.kind === 'create' ? created.get(p.row.id)! : updated.get(p.row.id)!
    const event = { entityType: 'lead', entityId: row.id, payload: leadView(row) }
    // The order one-by-one writes give: a new lead, then its activities; new activities, then the rescored lead.
    if (p.kind === 'create') events.push({ type: 'lead.created', ...event }, ...recorded(p))
    else events.push(...recorded(p), { type: 'lead.updated', ...event })
    return { result: p.kind === 'create' ? 'created' : 'updated', id: row.id, ...count }
  })
  await recordEvents(tx, actor.workspaceId, events, actor.now)
  return outcomes
}
