// Use cases on prospects: read, list, edit notes, and add or remove stakeholders.
import type { Database, Db } from '../../db/client.js'
import {
  deleteStakeholder,
  findProspect,
  insertStakeholder,
  listProspects,
  listStakeholders,
  updateProspect,
  type ProspectRow,
} from '../../db/repositories/prospects.js'
import type { Page } from '../../db/repositories/page.js'
import { notFound } from '../../errors.js'
import type { StakeholderRole } from '../../qualification/lifecycle.js'
import type { Actor, WriteOptions } from '../lifecycle/actor.js'
import { recordEvent } from '../lifecycle/record.js'
import { checkIfMatch, unitOfWork } from '../lifecycle/unit-of-work.js'
import { prospectView } from './prospect-view.js'

export type ProspectView = ReturnType<typeof prospectView>

export async function presentProspect(db: Db, row: ProspectRow): Promise<ProspectView> {
  return prospectView(row, await listStakeholders(db, row.workspaceId, row.id))
}

export async function getProspect(db: Db, workspaceId: string, id: string, lock = false): Promise<ProspectRow> {
  const row = await findProspect(db, workspaceId, id, lock)
  if (row === undefined) throw notFound('prospect')
  return row
}

export async function searchProspects(
  db: Db,
  workspaceId: string,
  q: {
    status?: string | undefined
    lead_id?: string | undefined
    limit?: number | undefined
    starting_after?: string | undefined
  },
): Promise<Page<ProspectView>> {
  const page = await listProspects(
    db,
    workspaceId,
    { status: q.status, leadId: q.lead_id },
    { limit: q.limit ?? 20, startingAfter: q.starting_after },
  )
  return { ...page, rows: await Promise.all(page.rows.map((r) => presentProspect(db, r))) }
}

export async function editProspect(
  db: Database,
  actor: Actor,
  id: string,
  patch: { notes?: string | null | undefined },
  options: WriteOptions,
): Promise<ProspectView> {
  return unitOfWork(db, options, async (tx) => {
    const row = await getProspect(tx, actor.workspaceId, id, true)
    checkIfMatch(options.ifMatch, row.version)
    const updated = await presentProspect(
      tx,
      await updateProspect(tx, actor.workspaceId, id, { notes: patch.notes ?? null }),
    )
    await recordEvent(tx, actor, 'prospect', id, { type: 'prospect.updated', payload: updated })
    return updated
  })
}

export interface StakeholderInput {
  name: string
  email?: string | undefined
  title?: string | undefined
  role: StakeholderRole
}

export async function addStakeholder(
  db: Database,
  actor: Actor,
  prospectId: string,
  input: StakeholderInput,
): Promise<ProspectView> {
  return unitOfWork(db, {}, async (tx) => {
    await getProspect(tx, actor.workspaceId, prospectId, true)
    await insertStakeholder(tx, {
      workspaceId: actor.workspaceId,
      prospectId,
      name: input.name,
      email: input.email ?? null,
      title: input.title ?? null,
      role: input.role,
    })
    const updated = await presentProspect(tx, await updateProspect(tx, actor.workspaceId, prospectId, {}))
    await recordEvent(tx, actor, 'prospect', prospectId, { type: 'prospect.updated', payload: updated })
    return updated
  })
}

export async function removeStakeholder(
  db: Database,
  actor: Actor,
  prospectId: string,
  stakeholderId: string,
): Promise<void> {
  await unitOfWork(db, {}, async (tx) => {
    await getProspect(tx, actor.workspaceId, prospectId, true)
    if (!(await deleteStakeholder(tx, actor.workspaceId, prospectId, stakeholderId))) throw notFound('stakeholder')
    const updated = await presentProspect(tx, await updateProspect(tx, actor.workspaceId, prospectId, {}))
    await recordEvent(tx, actor, 'prospect', prospectId, { type: 'prospect.updated', payload: updated })
  })
}
