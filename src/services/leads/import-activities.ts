// Use case: import activities keyed by lead email from an NDJSON or CSV stream (a CRM's activity export). Each row
// is recorded once (a repeat of a recorded activity is "unchanged"); a row whose email matches no lead is that row's
// error. A chunk of rows is written in one transaction; every lead that gained activities is rescored once in it, with
// one lead.updated event. Should the database refuse the set, each row is written again on its own.
import type { Readable } from 'node:stream'
import type { Database, Transaction } from '../../db/client.js'
import { findLeadByEmail, findLeadsByEmails, type LeadRow } from '../../db/repositories/leads.js'
import { AppError } from '../../errors.js'
import type {
  ActivityImportLine,
  ActivityItemResult,
  ActivitySummary,
  TransferFormat,
} from '../../schemas/lead-transfer.js'
import type { Actor } from '../lifecycle/actor.js'
import { recordEvents } from '../lifecycle/record.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { applyLeadChanges } from './apply-lead-changes.js'
import { checkActivityImportRow } from './import-check.js'
import { csvRows, ndjsonRows, type RawRow } from '../streaming/rows-in.js'
import { runImport } from '../streaming/run-import.js'
import { activeRubric } from '../rubrics/scoring-rubric.js'
import type { ActivityInput } from '../../schemas/leads.js'
import { leadView } from './lead-view.js'
import { refusedByDatabase, rowRefusal, updateLeads } from './upsert-chunk.js'
import { upsertActivities } from './upsert-activities.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
export type ActivityOutcome = OmitEach<ActivityItemResult, 'index' | 'line'>

const COLUMNS = ['email', 'type', 'direction', 'occurred_at'] as const
const METADATA = 'metadata.'

/** email, type, direction, occurred_at, and metadata.<key> columns (text); a wrong header is a 400 before any write. */
function activityPlan(header: readonly string[]): (string | null)[] {
  const errors: { pointer: string; in: string; detail: string }[] = []
  const seen = new Set<string>()
  const plan = header.map((name, i) => {
    if (name === '') return null
    if (seen.has(name)) errors.push({ pointer: `/columns/${i}`, in: 'body', detail: `column "${name}" appears twice` })
    else if (!(COLUMNS as readonly string[]).includes(name) && !name.startsWith(METADATA))
      errors.push({ pointer: `/columns/${i}`, in: 'body', detail: `unknown column "${name}"` })
    seen.add(name)
    return name
  })
  for (const name of COLUMNS.filter((c) => !seen.has(c)))
    errors.push({ pointer: '/columns', in: 'body', detail: `the header has no "${name}" column` })
  if (errors.length > 0) throw new AppError('VALIDATION_FAILED', `CSV header: ${errors[0]!.detail}`, { errors })
  return plan
}

function activityFromCells(plan: readonly (string | null)[], cells: readonly string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  const metadata: Record<string, string> = {}
  plan.forEach((name, i) => {
    const cell = cells[i]!
    if (name === null || cell === '') return
    if (name.startsWith(METADATA)) metadata[name.slice(METADATA.length)] = cell
    else row[name] = cell
  })
  if (Object.keys(metadata).length > 0) row.metadata = metadata
  return row
}

function activityCsvPlan(header: string[]) {
  const plan = activityPlan(header)
  return { width: plan.length, row: (cells: readonly string[]) => activityFromCells(plan, cells) }
}

/** One row in its own transaction: the way back when the database refuses a set. */
async function writeActivity(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  raw: RawRow,
): Promise<ActivityOutcome> {
  const checked = checkActivityImportRow('value' in raw ? raw.value : undefined)
  if (!checked.ok) return { result: 'error', errors: checked.errors }
  const { email, ...activity } = checked.input
  try {
    return await writeOne(db, compiled, actor, email, activity)
  } catch (error) {
    const refusal = rowRefusal(error)
    if (refusal === undefined) throw error
    return { result: 'error', errors: [{ pointer: '/', detail: refusal }] }
  }
}

async function writeOne(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  email: string,
  activity: ActivityInput,
): Promise<ActivityOutcome> {
  return unitOfWork(db, {}, async (tx): Promise<ActivityOutcome> => {
    const lead = await findLeadByEmail(tx, actor.workspaceId, email, true)
    if (lead === undefined) return unknownEmail(email)
    const { row, created } = (await upsertActivities(tx, actor, [{ ...activity, leadId: lead.id }]))[0]!
    if (created) await applyLeadChanges(tx, compiled, actor, lead, {}, true)
    return { result: created ? 'created' : 'unchanged', id: row.id, lead_id: lead.id }
  })
}

type Checked = { email: string; activity: ActivityInput; place: number }

/** The valid rows of a chunk in one transaction: one look-up of their leads, the activities and rescores in batches. */
async function writeSet(
  tx: Transaction,
  compiled: CompiledRubrics,
  actor: Actor,
  rows: readonly Checked[],
  outcomes: ActivityOutcome[],
) {
  const leads = new Map(
    (
      await findLeadsByEmails(
        tx,
        actor.workspaceId,
        rows.map((r) => r.email),
        true,
      )
    ).map((l) => [l.email.toLowerCase(), l]),
  )
  const found = rows.flatMap((r) => {
    const lead = leads.get(r.email.toLowerCase())
    if (lead === undefined) outcomes[r.place] = unknownEmail(r.email)
    return lead === undefined ? [] : [{ ...r, lead }]
  })
  const recorded = await upsertActivities(
    tx,
    actor,
    found.map((r) => ({ ...r.activity, leadId: r.lead.id })),
  )
  const touched = new Map<string, LeadRow>()
  for (const [i, { row, created }] of recorded.entries()) {
    const { lead, place } = found[i]!
    if (created) touched.set(lead.id, lead)
    outcomes[place] = { result: created ? 'created' : 'unchanged', id: row.id, lead_id: lead.id }
  }
  if (touched.size === 0) return
  const rubric = await activeRubric(tx, compiled, actor.workspaceId)
  const updated = await updateLeads(
    tx,
    actor,
    rubric,
    [...touched.values()].map((row) => ({ row, changes: {} })),
  )
  await recordEvents(
    tx,
    actor.workspaceId,
    [...updated.values()].map((row) => ({
      type: 'lead.updated',
      entityType: 'lead',
      entityId: row.id,
      payload: leadView(row),
    })),
    actor.now,
  )
}

const unknownEmail = (email: string): ActivityOutcome => ({
  result: 'error',
  errors: [{ pointer: '/email', detail: `no lead has the email ${email}` }],
})

async function writeRows(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  rows: readonly RawRow[],
): Promise<ActivityOutcome[]> {
  const outcomes: ActivityOutcome[] = []
  const valid: Checked[] = []
  for (const [place, row] of rows.entries()) {
    if ('problem' in row) {
      outcomes.push({ result: 'error', errors: [{ pointer: '/', detail: row.problem }] })
      continue
    }
    const checked = checkActivityImportRow(row.value)
    if (!checked.ok) outcomes.push({ result: 'error', errors: checked.errors })
    else {
      const { email, ...activity } = checked.input
      valid.push({ email, activity, place })
      outcomes.push({ result: 'unchanged', id: '', lead_id: '' })
    }
  }
  try {
    const answered = [...outcomes]
    await unitOfWork(db, {}, (tx) => writeSet(tx, compiled, actor, valid, answered))
    return answered
  } catch (error) {
    if (!refusedByDatabase(error)) throw error
    for (const { place } of valid) outcomes[place] = await writeActivity(db, compiled, actor, rows[place]!)
    return outcomes
  }
}

/**
 * Resolves once the body is known to be readable (a CSV header is checked here: a bad one is a 400 before any write).
 */
export async function importActivities(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  format: TransferFormat,
  body: Readable,
): Promise<AsyncGenerator<ActivityImportLine>> {
  const rows = format === 'csv' ? await csvRows(body, activityCsvPlan) : ndjsonRows(body)
  const summary: ActivitySummary = { created: 0, unchanged: 0, error: 0 }
  return runImport<ActivityOutcome, ActivitySummary>(rows, (chunk) => writeRows(db, compiled, actor, chunk), summary)
}
