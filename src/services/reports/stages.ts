// Use case: time in stage for opportunities, per stage, over the stays that began in a period.
import type { Db } from '../../db/client.js'
import { stageRows } from '../../db/repositories/reports.js'
import { STAGES } from '../../qualification/lifecycle.js'
import type { StagesQuery } from '../../schemas/reports.js'
import { numberOrNull, periodOf } from './period.js'

export async function stageReport(db: Db, workspaceId: string, q: StagesQuery) {
  const period = periodOf(q.from, q.to)
  const rows = await stageRows(db, workspaceId, period.start, period.end)
  const byStage = new Map(rows.map((r) => [r.stage, r]))
  return {
    from: period.from,
    to: period.to,
    stages: STAGES.map((stage) => {
      const row = byStage.get(stage)
      return {
        stage,
        entered: Number(row?.entered ?? 0),
        left_forward: Number(row?.left_forward ?? 0),
        left_backward: Number(row?.left_backward ?? 0),
        lost: Number(row?.lost ?? 0),
        still_in: Number(row?.still_in ?? 0),
        median_days: numberOrNull(row?.p50_days),
        p90_days: numberOrNull(row?.p90_days),
      }
    }),
  }
}
