// Use case: move an opportunity to another open stage, win it, lose it (with a reason), or reopen it.
import type { Database, Db } from '../../db/client.js'
import { findOpportunity, type OpportunityChanges, type OpportunityRow } from '../../db/repositories/opportunities.js'
import { found } from '../../errors.js'
import type { Stage } from '../../qualification/lifecycle.js'
import { changedAt, type Actor, type WriteOptions } from '../lifecycle/actor.js'
import { moveOpportunity } from '../lifecycle/moves.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { presentOpportunity, type OpportunityView } from './opportunity-view.js'

export type OpportunityAction = 'stage' | 'win' | 'lose' | 'reopen'

/** The body of any of the actions: a target stage (stage, reopen) or a reason (lose). */
export interface OpportunityMove {
  stage?: Stage | undefined
  reason?: string | undefined
}

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

/** Inside a transaction: the move, with closed_at at the time it happened (an import's past time, else now). */
export function applyOpportunityMove(
  tx: Db,
  actor: Actor,
  row: OpportunityRow,
  action: OpportunityAction,
  body: OpportunityMove,
): Promise<OpportunityRow> {
  return moveOpportunity(tx, actor, row, action, {
    facts: { targetStage: body.stage, reason: body.reason },
    changes: columnsFor(action, changedAt(actor), body.reason),
  })
}

export async function moveOpportunityAction(
  db: Database,
  actor: Actor,
  id: string,
  action: OpportunityAction,
  body: OpportunityMove,
  options: WriteOptions,
): Promise<{ opportunity: OpportunityView; dry_run: boolean }> {
  return unitOfWork(db, options, async (tx) => {
    const row = found(await findOpportunity(tx, actor.workspaceId, id, true), 'opportunity')
    checkIfMatch(options.ifMatch, row.version)
    const moved = await applyOpportunityMove(tx, actor, row, action, body)
    return { opportunity: await presentOpportunity(tx, moved), dry_run: options.dryRun === true }
  })
}
