// A rescoring chunk scored in memory: each locked lead's new score columns, whether its stored score changes, and for
// the moves above the threshold the id of their lead.score_changed event and the score the lead had (the statement
// that writes the scores builds the event from the row it writes).
import type { LeadRow } from '../../db/repositories/leads.js'
import type { RecentActivity, RescoredLead, ScoreWrite } from '../../db/repositories/rescore.js'
import { orderedId } from '../../db/ordered-id.js'
import { evaluate, scoreMove, type Activity } from '../../qualification/index.js'
import { leadFacts, scoreColumns, scoreView } from '../leads/lead-view.js'
import type { ScoringRubric } from '../rubrics/scoring-rubric.js'

export interface ScoredChunk {
  writes: ScoreWrite[]
  changed: number
  failures: { lead_id: string; detail: string }[]
}

// Scoring yields to the event loop this often, so that requests served by the same process wait for at most this
// many evaluations, not for a whole chunk.
const LEADS_PER_TURN = 200

const storedScore = (row: Pick<LeadRow, keyof ScoreColumns>) => ({
  total: row.scoreTotal,
  grade: row.scoreGrade,
  decision: row.scoreDecision,
  rubricId: row.scoreRubricId,
  rubricVersion: row.scoreRubricVersion,
})

type ScoreColumns = Pick<
  LeadRow,
  'scoreTotal' | 'scoreGrade' | 'scoreDecision' | 'scoreRubricId' | 'scoreRubricVersion'
>

export function activitiesByLead(rows: RecentActivity[]): Map<string, Activity[]> {
  const by = new Map<string, Activity[]>()
  for (const r of rows) {
    const list = by.get(r.lead_id) ?? []
    list.push({ type: r.type, direction: r.direction, occurred_at: r.occurred_at } as Activity)
    by.set(r.lead_id, list)
  }
  return by
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

export async function scoreChunk(
  rows: RescoredLead[],
  activities: Map<string, Activity[]>,
  rubric: ScoringRubric,
  threshold: number,
  asOf: Date,
): Promise<ScoredChunk> {
  const scored: ScoredChunk = { writes: [], changed: 0, failures: [] }
  for (const [i, row] of rows.entries()) {
    if (i > 0 && i % LEADS_PER_TURN === 0) await turn()
    try {
      const evaluation = evaluate({ lead: leadFacts(row), activities: activities.get(row.id) ?? [], rubric, asOf })
      const columns = scoreColumns(evaluation) as Omit<
        ScoreWrite,
        'id' | 'changed' | 'historyId' | 'previousTotal' | 'event'
      >
      const move = scoreMove(storedScore(row), storedScore(columns), threshold)
      const event = move.notify ? { id: orderedId(), previousScore: scoreView(row) } : null
      const historyId = move.changed ? orderedId() : null
      scored.writes.push({
        id: row.id,
        ...columns,
        changed: move.changed,
        historyId,
        previousTotal: row.scoreTotal,
        event,
      })
      if (move.changed) scored.changed++
    } catch (error) {
      scored.failures.push({ lead_id: row.id, detail: (error as Error).message })
    }
  }
  return scored
}
