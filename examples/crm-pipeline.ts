// `npm run example:crm-pipeline`: loads the "CRM Sales Opportunities" pipeline (8,800 deals) through
// POST /v1/opportunities/import with each deal's past engage and close dates, then prints the funnel, the stage report
// and the forecast the service computes, beside the figures read straight from the CSV.
import { existsSync, readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parse } from 'csv-parse/sync'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { openDatabase, type DatabaseHandle } from '../src/db/client.js'
import type { OpportunityImportRow } from '../src/schemas/opportunity-import.js'
import { createWorkspace } from '../src/services/workspaces/create-workspace.js'

/** Kept out of the repository (see /work/shared/data/README.md): read from ../shared/data next to the repo. */
export const DATA_DIR = resolve(import.meta.dirname, '../../shared/data/crm_sales_opportunities')

export interface Deal {
  opportunity_id: string
  sales_agent: string
  product: string
  account: string
  deal_stage: 'Prospecting' | 'Engaging' | 'Won' | 'Lost'
  engage_date: string
  close_date: string
  close_value: string
}

const read = <T>(file: string): T[] =>
  parse(readFileSync(resolve(DATA_DIR, file), 'utf8'), { columns: true, skip_empty_lines: true }) as T[]

/** Every `every`-th deal (1: all of them), and the list price of each product. */
export function readPipeline(every = 1): { deals: Deal[]; prices: Map<string, number> } {
  const deals = read<Deal>('sales_pipeline.csv').filter((_, i) => i % every === 0)
  // The pipeline spells "GTXPro" what the product list spells "GTX Pro".
  const prices = new Map(
    read<{ product: string; sales_price: string }>('products.csv').map((p) => [
      p.product.replace(/ /g, ''),
      Number(p.sales_price),
    ]),
  )
  return { deals, prices }
}

const day = (date: string) => `${date}T00:00:00.000Z`

/**
 * One import row per deal, with a lead of its own (the set has no contacts). Engaging is our qualification stage.
 * Closed deals carry their close value (0 for lost ones, as in the data); open ones have none, so they carry their
 * product's list price. A deal without an engage date (Prospecting) opens now.
 */
export function dealRow(deal: Deal, prices: Map<string, number>): OpportunityImportRow {
  const closed = deal.deal_stage === 'Won' || deal.deal_stage === 'Lost'
  const amount = closed ? Number(deal.close_value) : (prices.get(deal.product.replace(/ /g, '')) ?? 0)
  const transitions: NonNullable<OpportunityImportRow['transitions']> = []
  if (deal.engage_date !== '')
    transitions.push({ action: 'stage', stage: 'qualification', occurred_at: day(deal.engage_date) })
  if (deal.deal_stage === 'Won') transitions.push({ action: 'win', occurred_at: day(deal.close_date) })
  if (deal.deal_stage === 'Lost')
    transitions.push({ action: 'lose', reason: 'lost (CRM export)', occurred_at: day(deal.close_date) })
  return {
    lead: {
      email: `${deal.opportunity_id.toLowerCase()}@crm-pipeline.example`,
      owner: deal.sales_agent,
      ...(deal.account === '' ? {} : { company: { name: deal.account } }),
      attributes: { product: deal.product, crm_opportunity_id: deal.opportunity_id },
    },
    opportunity: {
      name: `${deal.product} for ${deal.account === '' ? 'an unnamed account' : deal.account}`,
      amount: amount.toFixed(2),
      currency: 'USD',
    },
    ...(deal.engage_date === '' ? {} : { created_at: day(deal.engage_date) }),
    transitions,
  }
}

export interface ImportAnswer {
  status: number
  lines: any[]
  seconds: number
}

/** Posts the rows as one NDJSON stream and reads every result line. */
export async function postImport(base: string, key: string, rows: readonly unknown[]): Promise<ImportAnswer> {
  const started = performance.now()
  const res = await fetch(`${base}/v1/opportunities/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
    body: rows.map((r) => JSON.stringify(r)).join('\n'),
  })
  const text = await res.text()
  const lines = res.ok
    ? text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l))
    : [JSON.parse(text)]
  return { status: res.status, lines, seconds: (performance.now() - started) / 1000 }
}

/** The figures straight from the CSV, computed without the service. */
export function csvFigures(deals: readonly Deal[]) {
  const count = (stage: Deal['deal_stage']) => deals.filter((d) => d.deal_stage === stage).length
  const won = count('Won')
  const lost = count('Lost')
  return { deals: deals.length, won, lost, open: deals.length - won - lost, winRate: won / (won + lost) }
}

/** Funnel periods are at most 366 days: the cohort windows that cover every creation day from `first` to `last`. */
export function windows(first: string, last: string): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = []
  for (let from = new Date(day(first)); from.getTime() <= Date.parse(day(last));) {
    const to = new Date(from.getTime() + 365 * 86_400_000)
    const end = to.getTime() > Date.parse(day(last)) ? new Date(day(last)) : to
    out.push({ from: from.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) })
    from = new Date(end.getTime() + 86_400_000)
  }
  return out
}

export interface PipelineFigures {
  imported: { created: number; error: number; seconds: number }
  funnel: { opportunity: number; won: number; lost: number; windows: any[] }
  stages: any[]
  forecast: any
}

/** Imports the deals into a new workspace and reads the three reports back over HTTP. */
export async function runPipeline(
  deals: readonly Deal[],
  prices: Map<string, number>,
  database?: DatabaseHandle,
): Promise<PipelineFigures> {
  const db = database ?? (await openDatabase({ DATABASE_URL: process.env.DATABASE_URL || undefined }))
  if (database === undefined) await db.migrate()
  const app = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'warn', WEBHOOK_WORKER: 'false' }),
    db: db.db,
    logStream: process.stderr,
  })
  try {
    const { key } = await db.db.transaction((tx) => createWorkspace(tx, 'CRM pipeline example'))
    await app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
    const get = async (path: string) => {
      const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } })
      if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`)
      return res.json() as Promise<any>
    }
    const answer = await postImport(
      base,
      key,
      deals.map((d) => dealRow(d, prices)),
    )
    if (answer.status !== 200) throw new Error(`import answered ${answer.status}: ${JSON.stringify(answer.lines)}`)
    const { summary } = answer.lines.at(-1)
    const today = new Date().toISOString().slice(0, 10)
    const dated = deals
      .filter((d) => d.engage_date !== '')
      .map((d) => d.engage_date)
      .sort()
    const periods = windows(dated[0] ?? today, today)
    const funnels = await Promise.all(periods.map((p) => get(`/v1/reports/funnel?from=${p.from}&to=${p.to}`)))
    const step = (f: any, name: string) => f.total.steps.find((s: any) => s.step === name).count as number
    const sum = (pick: (f: any) => number) => funnels.reduce((a, f) => a + pick(f), 0)
    return {
      imported: { ...summary, seconds: answer.seconds },
      funnel: {
        opportunity: sum((f) => step(f, 'opportunity')),
        won: sum((f) => step(f, 'won')),
        lost: sum((f) => f.total.outcomes.lost),
        windows: funnels,
      },
      stages: await Promise.all(periods.map((p) => get(`/v1/reports/stages?from=${p.from}&to=${p.to}`))),
      forecast: await get('/v1/reports/forecast'),
    }
  } finally {
    await app.close()
    if (database === undefined) await db.close()
  }
}

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(2)}%`)

export function describe(
  figures: PipelineFigures,
  expected: ReturnType<typeof csvFigures>,
): { lines: string[]; ok: boolean } {
  const { funnel, forecast } = figures
  const prospecting = forecast.win_rates.find((w: any) => w.stage === 'prospecting')
  const open = funnel.opportunity - funnel.won - funnel.lost
  const ok =
    figures.imported.created === expected.deals &&
    funnel.won === expected.won &&
    funnel.lost === expected.lost &&
    open === expected.open &&
    prospecting.empirical_win_rate === Number(expected.winRate.toFixed(4))
  const lines = [
    `Imported ${figures.imported.created} deals (${figures.imported.error} errors) in ${figures.imported.seconds.toFixed(1)} s`,
    '',
    `                 service   CSV`,
    `won              ${String(funnel.won).padEnd(9)} ${expected.won}`,
    `lost             ${String(funnel.lost).padEnd(9)} ${expected.lost}`,
    `open             ${String(open).padEnd(9)} ${expected.open}`,
    `win rate         ${pct(prospecting.empirical_win_rate).padEnd(9)} ${pct(expected.winRate)}`,
    '',
    'Funnel (cohorts by the day each deal came in):',
    ...funnel.windows
      .filter((f: any) => f.total.steps[0].count > 0)
      .map(
        (f: any) =>
          `  ${f.from}..${f.to}: ` +
          f.total.steps.map((s: any) => `${s.step} ${s.count}`).join(', ') +
          `; lost ${f.total.outcomes.lost}; median to won ${f.total.median_seconds_to_won === null ? '–' : (f.total.median_seconds_to_won / 86400).toFixed(1) + ' d'}`,
      ),
    ...figures.stages
      .filter((report: any) => report.stages.some((s: any) => s.entered > 0))
      .flatMap((report: any) => [
        `Stages (stays beginning ${report.from}..${report.to}):`,
        ...report.stages.map(
          (s: any) =>
            `  ${s.stage.padEnd(15)} entered ${s.entered}, forward ${s.left_forward}, lost ${s.lost}, still in ${s.still_in}, median ${s.median_days ?? '–'} d, p90 ${s.p90_days ?? '–'} d`,
        ),
      ]),
    'Forecast (USD):',
    ...forecast.currencies.flatMap((c: any) =>
      c.months.map(
        (m: any) =>
          `  ${c.currency} ${m.month ?? 'unscheduled'}: ` +
          m.categories
            .map((k: any) => `${k.category} ${k.opportunities} / ${k.amount} (weighted ${k.weighted_amount})`)
            .join('; '),
      ),
    ),
    'Win rate per stage (closed deals once in it) beside the configured probability:',
    ...forecast.win_rates.map(
      (w: any) =>
        `  ${w.stage.padEnd(15)} ${pct(w.empirical_win_rate)} of ${w.closed_sample}, configured ${w.configured_probability}%`,
    ),
    '',
    ok ? 'The service agrees with the CSV.' : 'MISMATCH between the service and the CSV.',
  ]
  return { lines, ok }
}

async function main(): Promise<void> {
  if (!existsSync(resolve(DATA_DIR, 'sales_pipeline.csv'))) {
    console.error(
      `${DATA_DIR} is missing: this example needs the CRM Sales Opportunities data (../shared/data/README.md).`,
    )
    process.exitCode = 2
    return
  }
  const { deals, prices } = readPipeline()
  console.log(`CRM Sales Opportunities: ${deals.length} deals; importing through POST /v1/opportunities/import…`)
  const figures = await runPipeline(deals, prices)
  const { lines, ok } = describe(figures, csvFigures(deals))
  for (const line of lines) console.log(line)
  if (!ok) process.exitCode = 1
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main()
