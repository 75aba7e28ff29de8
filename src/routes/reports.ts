// Pipeline reports: the funnel by lead cohort, time in stage, and the weighted forecast per currency.
import { problems } from '../schemas/common.js'
import { Forecast, ForecastQuery, Funnel, FunnelQuery, StageReport, StagesQuery } from '../schemas/reports.js'
import { forecastReport } from '../services/reports/forecast.js'
import { funnelReport } from '../services/reports/funnel.js'
import { stageReport } from '../services/reports/stages.js'
import type { App, RouteDeps } from './route-deps.js'

const tags = ['reports']

export function reportRoutes(app: App, { db }: RouteDeps): void {
  app.get(
    '/v1/reports/funnel',
    {
      schema: {
        operationId: 'getFunnelReport',
        summary: 'The funnel of the leads created in a period: steps reached, conversion, time between steps',
        description:
          'A lead counts in a step when its ledger shows it reached that step or a later one (a lead qualified straight from new has reached working). Lost, disqualified and nurtured count leads that ever entered those states; backward moves (nurture, reopen, an opportunity moved to an earlier stage or reopened) are counted, not netted out. Times are between the first entries of consecutive steps, over the leads that entered both. Deleted leads leave the report.',
        tags,
        querystring: FunnelQuery,
        response: { 200: Funnel, ...problems() },
      },
    },
    async (request) => funnelReport(db, request.auth.workspaceId, request.query),
  )

  app.get(
    '/v1/reports/stages',
    {
      schema: {
        operationId: 'getStageReport',
        summary:
          'Opportunity stages: entered, left forward or backward, lost, and days spent, for stays begun in a period',
        tags,
        querystring: StagesQuery,
        response: { 200: StageReport, ...problems() },
      },
    },
    async (request) => stageReport(db, request.auth.workspaceId, request.query),
  )

  app.get(
    '/v1/reports/forecast',
    {
      schema: {
        operationId: 'getForecastReport',
        summary: 'Open opportunities by close month and forecast category, per currency, with empirical win rates',
        description:
          "Open opportunities count in the month of their expected_close_date (null when unscheduled), won ones in the month they closed (category closed); lost ones are left out. weighted_amount applies each stage's configured probability. win_rates puts, for each open stage, the share of the workspace's closed opportunities that passed through it and were won beside the configured probability.",
        tags,
        querystring: ForecastQuery,
        response: { 200: Forecast, ...problems() },
      },
    },
    async (request) => forecastReport(db, request.auth.workspaceId, request.query),
  )
}
