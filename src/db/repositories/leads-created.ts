// Leads created by concurrent requests written together: one statement, one commit and one run of the ledger's
// statement triggers for all the creations that arrived in one turn of the event loop.
import { sql } from 'drizzle-orm'
import { PgDialect, PgTransaction } from 'drizzle-orm/pg-core'
import { resolveAmbient } from '../ambient.js'
import type { Database, Db } from '../client.js'
import { orderedId } from '../ordered-id.js'
import { prepared } from '../prepared.js'
import { leads } from '../schema.js'
import {
  binary,
  documentArray,
  isDocument,
  nullRow,
  rowsFromJson,
  type DocumentField,
  type RowField,
} from './json-rows.js'
import { changeSteps, type NewTransition } from './ledger.js'
import { insertLeadRecorded, iso, LEAD_COLUMNS, TRANSITION_COLUMNS, type LeadRow, type NewLead } from './leads.js'

export interface Creation {
  row: NewLead
  transition: Omit<NewTransition, 'entityId' | 'toState'>
  view: (row: LeadRow) => object
  now: Date
}

interface Waiting extends Creation {
  resolve: (row: LeadRow | undefined) => void
  reject: (error: unknown) => void
}

// A bound keeps one statement's JSON parameter and its transition tables small.
const MAX_BATCH = 64
const TR = 'tr_'
const TRANSITION_DOCUMENTS = TRANSITION_COLUMNS.filter(([, c]) => isDocument(c))
const TRANSITION_FIELDS = TRANSITION_COLUMNS.filter(([, c]) => !isDocument(c))

const leadsCreated = (db: Db) => {
  const fields: RowField[] = [
    ...LEAD_COLUMNS.map(([, c]): RowField => [c.name, c.getSQLType()]),
    ...TRANSITION_FIELDS.map(([, c]): RowField => [TR + c.name, c.getSQLType()]),
    ['view', 'jsonb'],
    ['at', 'timestamptz'],
    ['n', 'integer'],
  ]
  // Each document (the evaluation) goes apart, as imports send theirs (json-rows.ts): in one jsonb array with the
  // rest, it was built into a jsonb tree, then turned back into text for the ledger.
  const documents = TRANSITION_DOCUMENTS.map(([key, c]): DocumentField => [
    TR + c.name,
    c.getSQLType(),
    sql.placeholder(key),
  ])
  const names = sql.join(
    LEAD_COLUMNS.map(([, c]) => sql.identifier(c.name)),
    sql`, `,
  )
  const payload = sql`i.view || jsonb_build_object('id', l.id, 'status', l.status, 'version', l.version,
    'created_at', ${iso('created_at')}, 'updated_at', ${iso('updated_at')})`
  const transition = Object.fromEntries(
    TRANSITION_COLUMNS.map(([key, c]) => [key, sql`i.${sql.identifier(TR + c.name)}`]),
  )
  const steps = changeSteps(
    sql`l.workspace_id`,
    { type: 'lead.created', entityType: 'lead', entityId: sql`l.id`, payload, occurredAt: sql`i.at` },
    { ...transition, entityId: sql`l.id`, toState: sql`l.status` },
    sql`l join i on i.id = l.id`,
  )
  const statement = sql`with i as (select * from ${rowsFromJson(sql.placeholder('rows'), fields, documents)}),
    l as (insert into ${leads} (${names}) select ${names} from i order by n on conflict do nothing
      returning id, workspace_id, status, version, created_at, updated_at),
    ${steps} select l.id, l.version from l`
  type Raw = { execute: { rows: Record<string, unknown>[] }; all: unknown; values: unknown }
  return db._.session.prepareQuery<Raw>(new PgDialect().sqlToQuery(statement), undefined, 'leads_created', false)
}

// Built per created lead, so plain loops over names worked out once (this and the row below ran per request).
const named = (columns: typeof LEAD_COLUMNS, prefix: string): [string, string][] =>
  columns.map(([key, c]) => [key, prefix + c.name])
const LEAD_NAMES = named(LEAD_COLUMNS, '')
const TRANSITION_NAMES = named(TRANSITION_FIELDS, TR)
const NULL_LEAD = nullRow(leads)

const record = (out: Record<string, unknown>, names: [string, string][], values: Record<string, unknown>) => {
  for (const [key, name] of names) out[name] = values[key] ?? null
  return out
}

/** The creations waiting for the next turn of the event loop, written in one statement (alone when only one). */
class CreationBatch {
  #waiting: Waiting[] = []

  constructor(private readonly db: Database) {}

  add(creation: Creation): Promise<LeadRow | undefined> {
    return new Promise((resolve, reject) => {
      if (this.#waiting.length === 0) setImmediate(() => void this.#flush())
      this.#waiting.push({ ...creation, resolve, reject })
      if (this.#waiting.length >= MAX_BATCH) void this.#flush()
    })
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting
    this.#waiting = []
    if (batch.length === 0) return
    if (batch.length > 1) {
      try {
        const rows = await this.#together(batch)
        batch.forEach((w, n) => w.resolve(rows[n]))
        return
      } catch {
        // One creation the database refuses must not fail the others: each runs alone and meets its own answer.
      }
    }
    for (const w of batch) insertLeadRecorded(this.db, w.row, w.transition, w.view, w.now).then(w.resolve, w.reject)
  }

  async #together(batch: Waiting[]): Promise<(LeadRow | undefined)[]> {
    const sent = batch.map((w) => ({
      ...NULL_LEAD,
      ...w.row,
      id: w.row.id ?? orderedId(),
      createdAt: w.now,
      updatedAt: w.now,
    }))
    const rows = batch.map((w, n) => {
      const draft = { ...sent[n]!, status: '', version: 0, createdAt: new Date(0), updatedAt: new Date(0) }
      const row = record(record({}, LEAD_NAMES, sent[n]!), TRANSITION_NAMES, w.transition)
      row.view = w.view(draft as LeadRow)
      row.at = w.now.toISOString()
      row.n = n
      return row
    })
    const documents = TRANSITION_DOCUMENTS.map(([key, c]) => [
      key,
      documentArray(
        c.getSQLType(),
        batch.map((w) => (w.transition as Record<string, unknown>)[key]),
      ),
    ])
    const result = await prepared(this.db, leadsCreated).execute({
      rows: binary(JSON.stringify(rows)),
      ...Object.fromEntries(documents),
    })
    const versions = new Map((result.rows as { id: string; version: number }[]).map((r) => [r.id, r.version]))
    return sent.map((row) => {
      const version = versions.get(row.id)
      return version === undefined ? undefined : ({ ...row, version } as LeadRow)
    })
  }
}

const batches = new WeakMap<Database, CreationBatch>()

/**
 * insertLeadRecorded, sharing its statement with the creations of concurrent requests: each lead's rows are written
 * exactly as alone and its answer waits for the commit that holds them. Inside a transaction it runs there and then.
 */
export function insertLeadSoon(
  db: Db,
  row: NewLead,
  transition: Creation['transition'],
  view: Creation['view'],
  now: Date,
): Promise<LeadRow | undefined> {
  const handle = resolveAmbient(db)
  if (handle instanceof PgTransaction) return insertLeadRecorded(handle, row, transition, view, now)
  let batch = batches.get(handle as Database)
  if (batch === undefined) batches.set(handle as Database, (batch = new CreationBatch(handle as Database)))
  return batch.add({ row, transition, view, now })
}
