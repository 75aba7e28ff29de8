// Use case: the weighted forecast per currency, close month and category, beside each stage's empirical win rate.
import type { Db } from '../../db/client.js'
import { forecastRows, winRateRows, type ForecastRow } from '../../db/repositories/reports.js'
import { OPEN_STAGES, STAGES } from '../../qualification/lifecycle.js'
import type { FORECAST_CATEGORIES } from '../../qualification/stages.js'
import type { ForecastQuery } from '../../schemas/reports.js'
import { workspaceStageSettings } from '../settings/workspace-stage-settings.js'
import { optionalPeriod, rate } from './period.js'

type Category = (typeof FORECAST_CATEGORIES)[number]

function byCurrency(rows: ForecastRow[]) {
  const currencies = new Map<string, Map<string | null, ForecastRow[]>>()
  for (const row of rows) {
    const months = currencies.get(row.currency) ?? new Map<string | null, ForecastRow[]>()
    currencies.set(row.currency, months)
    months.set(row.month, [...(months.get(row.month) ?? []), row])
  }
  return [...currencies].map(([currency, months]) => ({
    currency,
    months: [...months].map(([month, cells]) => ({
      month,
      categories: cells.map((c) => ({
        category: c.category as Category,
        opportunities: Number(c.opportunities),
        amount: c.amount,
        weighted_amount: c.weighted_amount,
      })),
    })),
  }))
}

export async function forecastReport(db: Db, workspaceId: string, q: ForecastQuery) {
  const period = optionalPeriod(q.from, q.to)
  const settings = await workspaceStageSettings(db, workspaceId)
  const policy = STAGES.map((stage) => ({
    stage,
    probability: settings[stage].probability,
    category: settings[stage].forecast_category,
  }))
  const monthly = period === undefined ? undefined : { from: period.from.slice(0, 7) + '-01', to: period.to }
  const [rows, wins] = await Promise.all([forecastRows(db, workspaceId, policy, monthly), winRateRows(db, workspaceId)])
  const winsByStage = new Map(wins.map((w) => [w.stage, w]))
  return {
    currencies: byCurrency(rows),
    win_rates: OPEN_STAGES.map((stage) => {
      const w = winsByStage.get(stage)
      const closed = Number(w?.closed ?? 0)
      return {
        stage,
        configured_probability: settings[stage].probability,
        empirical_win_rate: rate(Number(w?.won ?? 0), closed),
        closed_sample: closed,
      }
    }),
  }
}
