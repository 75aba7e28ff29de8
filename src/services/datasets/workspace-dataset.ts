// The workspace's own leads as a labelled dataset: the outcome comes from the lifecycle, and each lead is scored as
// of its creation time with the activities known then, so what happened later cannot leak into the score.
import type { Db } from '../../db/client.js'
import { activitiesAtCreation, leadOutcomePage, type LifecycleOutcome } from '../../db/repositories/labelled-leads.js'
import { MAX_ROW_ACTIVITIES, type Activity, type LabelledRow, type Outcome } from '../../qualification/index.js'
import type { DatasetTally } from '../../schemas/datasets.js'
import { asActivity, leadFacts } from '../leads/lead-view.js'
import type { Dataset } from './dataset.js'
import { MAX_REPORTED_PROBLEMS } from './dataset.js'

const PAGE = 1000
const DAY_MS = 86_400_000

/** Won opportunity → won; disqualified, lost, or nurtured since before the cut-off → lost; anything else is open. */
export function lifecycleOutcome(row: LifecycleOutcome, nurtureCutoff: Date): Outcome | 'open' {
  if (row.won) return 'won'
  if (row.lead.status === 'disqualified' || row.prospectStatus === 'disqualified' || row.lostOpportunity) return 'lost'
  const nurturing = row.lead.status === 'nurturing' || row.prospectStatus === 'nurturing'
  return nurturing && row.lead.createdAt.getTime() < nurtureCutoff.getTime() ? 'lost' : 'open'
}

export interface WorkspaceDatasetOptions {
  now: Date
  /** A lead nurtured for longer than this (counted from its creation) counts as lost. */
  nurtureDays: number
}

export function workspaceDataset(db: Db, workspaceId: string, options: WorkspaceDatasetOptions): Dataset<LabelledRow> {
  const cutoff = new Date(options.now.getTime() - options.nurtureDays * DAY_MS)
  const tally: DatasetTally = { read: 0, skipped: 0, used: 0, problems: [] }
  const rows = async function* (): AsyncGenerator<LabelledRow> {
    let after: { createdAt: Date; id: string } | undefined
    while (true) {
      const page = await leadOutcomePage(db, workspaceId, after, PAGE)
      if (page.length === 0) return
      const last = page[page.length - 1]!.lead
      after = { createdAt: last.createdAt, id: last.id }
      const known = new Map<string, Activity[]>()
      for (const a of await activitiesAtCreation(
        db,
        workspaceId,
        page.map((r) => r.lead.id),
      ))
        (known.get(a.leadId) ?? known.set(a.leadId, []).get(a.leadId)!).push(asActivity(a))
      for (const row of page) {
        tally.read++
        const outcome = lifecycleOutcome(row, cutoff)
        if (outcome === 'open') {
          tally.skipped++
          if (tally.problems.length < MAX_REPORTED_PROBLEMS)
            tally.problems.push({ line: 0, detail: `lead ${row.lead.id} is still open (status ${row.lead.status})` })
          continue
        }
        tally.used++
        const activities = (known.get(row.lead.id) ?? []).slice(0, MAX_ROW_ACTIVITIES)
        yield { lead: leadFacts(row.lead), activities, as_of: row.lead.createdAt.toISOString(), outcome }
      }
      if (page.length < PAGE) return
    }
  }
  return { tally, rows: rows() }
}
