// Use case: the funnel of the leads created in a period, step by step, optionally per group.
import type { Db } from '../../db/client.js'
import { funnelRows, type FunnelRow } from '../../db/repositories/reports.js'
import type { FunnelQuery } from '../../schemas/reports.js'
import { numberOrNull, periodOf, rate } from './period.js'

const n = (value: unknown) => Number(value ?? 0)
const STEPS = ['created', 'working', 'qualified', 'opportunity', 'won'] as const

function groupResult(row: FunnelRow) {
  const counts = STEPS.map((step) => n(row[step]))
  const steps = STEPS.map((step, i) => {
    const previous = STEPS[i - 1]
    return {
      step,
      count: counts[i]!,
      conversion_from_previous: i === 0 ? null : rate(counts[i]!, counts[i - 1]!),
      median_seconds_from_previous: previous === undefined ? null : numberOrNull(row[`p50_${previous}_${step}`]),
      p90_seconds_from_previous: previous === undefined ? null : numberOrNull(row[`p90_${previous}_${step}`]),
    }
  })
  return {
    group: row.total ? null : row.grp,
    steps,
    overall_conversion: rate(n(row.won), n(row.created)),
    median_seconds_to_won: numberOrNull(row.p50_created_won),
    p90_seconds_to_won: numberOrNull(row.p90_created_won),
    outcomes: { lost: n(row.lost), disqualified: n(row.disqualified), nurtured: n(row.nurtured) },
    backward: {
      leads: n(row.moved_back),
      lead_nurture_moves: n(row.lead_nurture_moves),
      lead_reopen_moves: n(row.lead_reopen_moves),
      opportunity_stage_back_moves: n(row.opportunity_stage_back_moves),
      opportunity_reopen_moves: n(row.opportunity_reopen_moves),
    },
  }
}

// The empty grouping set always yields a total row; the fallback only satisfies the type.
const emptyTotal = { total: true, grp: null } as unknown as FunnelRow

export async function funnelReport(db: Db, workspaceId: string, q: FunnelQuery) {
  const period = periodOf(q.from, q.to)
  const rows = await funnelRows(db, workspaceId, period.start, period.end, q.group_by)
  const total = rows.find((r) => r.total) ?? emptyTotal
  return {
    from: period.from,
    to: period.to,
    group_by: q.group_by ?? null,
    total: groupResult(total),
    groups: q.group_by === undefined ? [] : rows.filter((r) => !r.total).map(groupResult),
  }
}
