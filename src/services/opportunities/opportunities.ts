// Use cases on opportunities: read, list, edit, and move through stages to won or lost (and reopen).
import type { Database, Db } from '../../db/client.js'
import {
  findOpportunity,
  listOpportunities,
  updateOpportunity,
  type OpportunityChanges,
  type OpportunityRow,
} from '../../db/repositories/opportunities.js'
import { notFound } from '../../errors.js'
import type { Stage } from '../../qualification/lifecycle.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { moveOpportunity } from '../lifecycle/moves.js'
import { recordEvent } from '../lifecycle/record.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { opportunityView, workspaceStageSettings } from './opportunity-view.js'

export type OpportunityView = ReturnType<typeof opportunityView>

export async function presentOpportunities(
  db: Db,
  workspaceId: string,
  rows: OpportunityRow[],
): Promise<OpportunityView[]> {
  const settings = await workspaceStageSettings(db, workspaceId)
  return rows.map((r) => opportunityView(r, settings))
}

export async function getOpportunity(db: Db, workspaceId: string, id: string, lock = false): Promise<OpportunityRow> {
  const row = await findOpportunity(db, workspaceId, id, lock)
  if (row === undefined) throw notFound('opportunity')
  return row
}

export async function searchOpportunities(
  db: Db,
  workspaceId: string,
  q: {
    stage?: Stage | undefined
    prospect_id?: string | undefined
    limit?: number | undefined
    starting_after?: string | undefined
  },
) {
  const page = await listOpportunities(
    db,
    workspaceId,
    { stage: q.stage, prospectId: q.prospect_id },
    { limit: q.limit ?? 20, startingAfter: q.starting_after },
  )
  return { ...page, rows: await presentOpportunities(db, workspaceId, page.rows) }
}

export interface OpportunityPatch {
  name?: string | undefined
  amount?: string | undefined
  currency?: string | undefined
  expected_close_date?: string | null | undefined
}

export async function editOpportunity(
  db: Database,
  actor: Actor,
  id: string,
  patch: OpportunityPatch,
  options: WriteOptions,
): Promise<OpportunityRow> {
  return unitOfWork(db, options, async (tx) => {
    const row = await getOpportunity(tx, actor.workspaceId, id, true)
    checkIfMatch(options.ifMatch, row.version)
    const changes: OpportunityChanges = {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.amount === undefined ? {} : { amount: patch.amount }),
      ...(patch.currency === undefined ? {} : { currency: patch.currency }),
      ...(patch.expected_close_date === undefined ? {} : { expectedCloseDate: patch.expected_close_date }),
    }
    const updated = await updateOpportunity(tx, actor.workspaceId, id, changes)
    const [view] = await presentOpportunities(tx, actor.workspaceId, [updated])
    await recordEvent(tx, actor, 'opportunity', id, { type: 'opportunity.updated', payload: view! })
    return updated
  })
}

export type OpportunityAction = 'stage' | 'win' | 'lose' | 'reopen'

function columnsFor(action: OpportunityAction, now: Date, reason: string | undefined): OpportunityChanges {
  switch (action) {
    case 'win':
      return { closedAt: now, lostReason: null }
    case 'lose':
      return { closedAt: now, lostReason: reason ?? null }
    case 'reopen':
      return { closedAt: null, lostReason: null }
    case 'stage':
      return {}
  }
}

export async function moveOpportunityAction(
  db: Database,
  actor: Actor,
  id: string,
  action: OpportunityAction,
  body: { stage?: Stage | undefined; reason?: string | undefined },
  options: WriteOptions,
): Promise<OpportunityRow> {
  return unitOfWork(db, options, async (tx) => {
    const row = await getOpportunity(tx, actor.workspaceId, id, true)
    checkIfMatch(options.ifMatch, row.version)
    return moveOpportunity(tx, actor, row, action, {
      facts: { targetStage: body.stage, reason: body.reason },
      changes: columnsFor(action, actor.now, body.reason),
    })
  })
}
