// Imported activities: each is recorded once per lead (same type, direction and instant is the same activity), so
// importing a file again adds nothing. Runs inside the caller's transaction; the caller rescores the lead.
import { orderedId } from '../../db/ordered-id.js'
import type { Db } from '../../db/client.js'
import { findActivitiesAt, insertActivities, type ActivityRow } from '../../db/repositories/leads.js'
import type { Activity } from '../../qualification/index.js'
import type { ActivityInput } from '../../schemas/leads.js'
import type { Actor } from '../lifecycle/actor.js'
import { recordEvents, type BatchEvent } from '../lifecycle/record.js'
import { activityView } from './lead-view.js'

export type LeadActivityInput = ActivityInput & { leadId: string }

const keyOf = (leadId: string, type: string, direction: string, at: Date) =>
  `${leadId}|${type}|${direction}|${at.getTime()}`

export const recordedEvent = (row: ActivityRow): BatchEvent => ({
  type: 'activity.recorded',
  entityType: 'activity',
  entityId: row.id,
  payload: activityView(row),
})

export const scoredActivity = ({ type, direction, occurred_at }: ActivityInput): Activity => ({
  type,
  direction,
  occurred_at,
})

/** The activities of one lead without repeats (same type, direction and instant), first occurrence kept. */
export function distinctActivities<T extends ActivityInput>(list: readonly T[], leadId = ''): T[] {
  const seen = new Set<string>()
  return list.filter((a) => {
    const key = activityKey(leadId, a)
    return !seen.has(key) && seen.add(key) !== undefined
  })
}

export const activityKey = (leadId: string, a: Pick<ActivityInput, 'type' | 'direction' | 'occurred_at'>): string =>
  keyOf(leadId, a.type, a.direction, new Date(a.occurred_at))

export const rowKey = (row: Pick<ActivityRow, 'leadId' | 'type' | 'direction' | 'occurredAt'>): string =>
  keyOf(row.leadId, row.type, row.direction, row.occurredAt)

/**
 * Records the activities the leads do not have yet, with one activity.recorded event each. Answers, in input order,
 * each activity's row and whether it is new (an activity repeated within the input is new only the first time).
 */
export async function upsertActivities(
  tx: Db,
  actor: Actor,
  inputs: readonly LeadActivityInput[],
): Promise<{ row: ActivityRow; created: boolean }[]> {
  const leadIds = [...new Set(inputs.map((a) => a.leadId))]
  const instants = [...new Set(inputs.map((a) => Date.parse(a.occurred_at)))].map((ms) => new Date(ms))
  const known = new Map<string, ActivityRow>()
  for (const row of await findActivitiesAt(tx, actor.workspaceId, leadIds, instants))
    known.set(keyOf(row.leadId, row.type, row.direction, row.occurredAt), row)
  const fresh = new Map<string, LeadActivityInput>()
  for (const a of inputs) {
    const key = keyOf(a.leadId, a.type, a.direction, new Date(a.occurred_at))
    if (!known.has(key) && !fresh.has(key)) fresh.set(key, a)
  }
  const rows = await insertActivities(
    tx,
    [...fresh.values()].map((a) => ({
      id: orderedId(),
      workspaceId: actor.workspaceId,
      leadId: a.leadId,
      type: a.type,
      direction: a.direction,
      occurredAt: new Date(a.occurred_at),
      metadata: a.metadata ?? null,
    })),
    actor.now,
  )
  for (const row of rows) known.set(keyOf(row.leadId, row.type, row.direction, row.occurredAt), row)
  await recordEvents(tx, actor.workspaceId, rows.map(recordedEvent), actor.now)
  const createdIds = new Set(rows.map((r) => r.id))
  return inputs.map((a) => {
    const row = known.get(keyOf(a.leadId, a.type, a.direction, new Date(a.occurred_at)))!
    const created = createdIds.delete(row.id)
    return { row, created }
  })
}
