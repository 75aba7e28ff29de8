// Use case: import deals from another CRM as an NDJSON stream. Each row creates its lead, qualifies it into a
// prospect, opens the opportunity and replays its moves, all in one transaction: a row is written whole or not at all.
// Past times are the import's alone: an admin import sets them, only on the records the row creates, in order, never
// in the future; each such ledger row is marked imported.
import type { Readable } from 'node:stream'
import type { Database, Db, Transaction } from '../../db/client.js'
import { AppError } from '../../errors.js'
import type { TransferFormat } from '../../schemas/lead-transfer.js'
import {
  OpportunityImportRow,
  type OpportunityImportLine,
  type OpportunityImportSummary,
  type OpportunityItemResult,
} from '../../schemas/opportunity-import.js'
import { allows } from '../api-keys/scopes.js'
import { checkerFor } from '../leads/import-check.js'
import { ndjsonRows, type RawRow } from '../streaming/rows-in.js'
import { runImport } from '../streaming/run-import.js'
import { insertNewLead } from '../leads/create-lead.js'
import { qualifyLocked } from '../leads/qualify-lead.js'
import { rowRefusal } from '../leads/upsert-chunk.js'
import type { Actor, Journal } from '../lifecycle/actor.js'
import { writeJournal } from '../lifecycle/record.js'
import { moveProspect } from '../lifecycle/moves.js'
import { unitOfWork } from '../lifecycle/unit-of-work.js'
import { openOpportunity } from '../prospects/convert-prospect.js'
import { applyOpportunityMove } from './move-opportunity-action.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
type Outcome = OmitEach<OpportunityItemResult, 'index' | 'line'>

/** Recorded with the qualify and convert moves it stands for: the deal was admitted elsewhere. */
const IMPORTED = { reason: 'imported: admitted in the system the deal came from' }

const checkRow = checkerFor<OpportunityImportRow>(OpportunityImportRow)

class RowError extends Error {
  constructor(
    readonly pointer: string,
    detail: string,
  ) {
    super(detail)
  }
}

const failed = (pointer: string, detail: string): Outcome => ({ result: 'error', errors: [{ pointer, detail }] })

/**
 * The time of each change of the row: creation, then each transition. Without a time a change happens now; a time
 * after now, or before the change it follows (so before the record's creation), is the row's error.
 */
export function importTimeline(row: OpportunityImportRow, now: Date): Date[] | RowError {
  const times: Date[] = []
  const steps = [
    { pointer: '/created_at', at: row.created_at },
    ...(row.transitions ?? []).map((t, i) => ({ pointer: `/transitions/${i}/occurred_at`, at: t.occurred_at })),
  ]
  for (const { pointer, at } of steps) {
    const time = at === undefined ? now : new Date(at)
    if (time.getTime() > now.getTime())
      return new RowError(pointer, `${at} is in the future: an import records the past`)
    const previous = times.at(-1)
    if (previous !== undefined && time.getTime() < previous.getTime())
      return new RowError(pointer, `${at} is before the change it follows (${previous.toISOString()})`)
    times.push(time)
  }
  return times
}

/** A refused move is the row's error, at the transition that asked for it. */
async function at<T>(pointer: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step()
  } catch (error) {
    if (error instanceof AppError) throw new RowError(pointer, error.detail)
    throw error
  }
}

async function importDeal(
  tx: Db,
  compiled: CompiledRubrics,
  actor: Actor,
  row: OpportunityImportRow,
  times: Date[],
): Promise<Outcome> {
  const as = (time: Date): Actor => ({ ...actor, importedAt: time })
  const opened = as(times[0]!)
  const lead = await insertNewLead(tx, compiled, opened, row.lead)
  if (lead === undefined)
    throw new RowError(
      '/lead/email',
      `a lead with email ${row.lead.email} exists: an import creates every record it dates`,
    )
  const { prospect } = await at('/lead', () => qualifyLocked(tx, compiled, opened, lead, undefined, IMPORTED))
  await moveProspect(tx, opened, prospect, 'convert', { facts: { override: true, ...IMPORTED } })
  let opportunity = (await openOpportunity(tx, opened, prospect.id, row.opportunity)).row
  for (const [i, move] of (row.transitions ?? []).entries())
    opportunity = await at(`/transitions/${i}`, () =>
      applyOpportunityMove(tx, as(times[i + 1]!), opportunity, move.action, move),
    )
  return { result: 'created', id: opportunity.id, lead_id: lead.id, prospect_id: prospect.id }
}

/**
 * One row in a savepoint of the chunk's transaction: a refused row leaves no trace and the others go on. The ledger
 * rows and events of a row written go to the chunk's journal.
 */
async function writeRow(
  tx: Transaction,
  compiled: CompiledRubrics,
  actor: Actor,
  raw: RawRow,
  journal: Journal,
): Promise<Outcome> {
  if ('problem' in raw) return failed('/', raw.problem)
  const checked = checkRow(raw.value)
  if (!checked.ok) return { result: 'error', errors: checked.errors }
  const times = importTimeline(checked.input, actor.now)
  if (times instanceof RowError) return failed(times.pointer, times.message)
  const own: Journal = { transitions: [], events: [] }
  try {
    const outcome = await tx.transaction((row) =>
      importDeal(row, compiled, { ...actor, journal: own }, checked.input, times),
    )
    journal.transitions.push(...own.transitions)
    journal.events.push(...own.events)
    return outcome
  } catch (error) {
    if (error instanceof RowError) return failed(error.pointer, error.message)
    const refusal = rowRefusal(error)
    if (refusal === undefined) throw error
    return failed('/', refusal)
  }
}

/**
 * A chunk commits once; its rows are answered only after that, so an answered row is written. Their ledger rows and
 * events are written last, together: one statement each instead of one per change (about seven a row), and the
 * ledger's triggers (funnel, stage stays) run once for the chunk.
 */
function writeRows(db: Database, compiled: CompiledRubrics, actor: Actor, rows: readonly RawRow[]): Promise<Outcome[]> {
  return unitOfWork(db, {}, async (tx) => {
    const journal: Journal = { transitions: [], events: [] }
    const outcomes: Outcome[] = []
    for (const row of rows) outcomes.push(await writeRow(tx, compiled, actor, row, journal))
    await writeJournal(tx, actor, journal)
    return outcomes
  })
}

export async function importOpportunities(
  db: Database,
  compiled: CompiledRubrics,
  actor: Actor,
  format: TransferFormat,
  body: Readable,
): Promise<AsyncGenerator<OpportunityImportLine>> {
  // The route asks for the admin scope; checked here too, as the rule on past times depends on it.
  if (!allows(actor.scopes, 'admin')) throw new AppError('FORBIDDEN', 'importing opportunities needs the "admin" scope')
  if (format !== 'ndjson')
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'send opportunities as application/x-ndjson: a row nests its lead, its opportunity and its transitions',
    )
  const summary: OpportunityImportSummary['summary'] = { created: 0, error: 0 }
  return runImport<Outcome, OpportunityImportSummary['summary']>(
    ndjsonRows(body),
    (chunk) => writeRows(db, compiled, actor, chunk),
    summary,
    undefined,
    { window: 2, keys: leadEmails },
  )
}

/**
 * The emails a chunk's rows give their leads (as sent, before checks: a row that names none shares nothing). A chunk
 * that names a lead of one being written waits for its commit: one of the two rows is then the error.
 */
function* leadEmails(rows: readonly RawRow[]): Generator<string> {
  for (const row of rows) {
    const email = 'value' in row ? (row.value as { lead?: { email?: unknown } } | null)?.lead?.email : undefined
    if (typeof email === 'string') yield email.toLowerCase()
  }
}
