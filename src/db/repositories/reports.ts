// Set-based report queries over the ledger (transitions) and the current rows. Every query is led by workspace_id.
import { sql, type SQL } from 'drizzle-orm'
import type { Db } from '../client.js'

/** The rows of a raw statement; their type is the caller's reading of its select list. */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return (await db.execute(query)).rows as T[]
}

/**
 * A report's rows, its sorts given 64 MB instead of the default 4 MB: a year's cohort of a large workspace sorts
 * hundreds of thousands of rows per percentile, which spilled to disk (EXPLAIN: "external merge").
 */
function reportRows<T>(db: Db, query: SQL): Promise<T[]> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '64MB'`)
    return rowsOf<T>(tx, query)
  })
}

export type FunnelGroup = 'source' | 'owner' | 'rubric_version' | 'grade' | 'month'

/** The interval pairs whose median and p90 the funnel reports, in seconds. */
export const FUNNEL_SPANS = [
  ['created', 'working'],
  ['working', 'qualified'],
  ['qualified', 'opportunity'],
  ['opportunity', 'won'],
  ['created', 'won'],
] as const

const groupKey: Record<FunnelGroup, SQL> = {
  source: sql`coalesce(source, '(none)')`,
  owner: sql`coalesce(owner, '(none)')`,
  rubric_version: sql`coalesce(rubric, '(none)')`,
  grade: sql`coalesce(grade, '(not qualified)')`,
  month: sql`to_char(created_at at time zone 'UTC', 'YYYY-MM')`,
}

const spanColumns = () =>
  sql.raw(
    FUNNEL_SPANS.map(([a, b]) => {
      const span = `extract(epoch from (${b}_at - ${a}_at))`
      return (
        `percentile_disc(0.5) within group (order by ${span}) as "p50_${a}_${b}", ` +
        `percentile_disc(0.9) within group (order by ${span}) as "p90_${a}_${b}"`
      )
    }).join(', '),
  )

export interface FunnelRow {
  total: boolean
  grp: string | null
  created: string
  working: string
  qualified: string
  opportunity: string
  won: string
  lost: string
  disqualified: string
  nurtured: string
  moved_back: string
  lead_nurture_moves: string
  lead_reopen_moves: string
  opportunity_stage_back_moves: string
  opportunity_reopen_moves: string
  [span: string]: string | boolean | null
}

/**
 * One row per group plus a total row (grouping sets), or the total row alone (a grouping set of one group would sort
 * the cohort twice per percentile). A lead belongs to the cohort by its creation time; its steps and backward moves
 * are its lead_funnel row, which triggers keep equal to the ledger of the lead and of its prospect's opportunities
 * (migration 0014).
 */
export function funnelRows(
  db: Db,
  workspaceId: string,
  from: Date,
  to: Date,
  group: FunnelGroup | undefined,
): Promise<FunnelRow[]> {
  const key = group === undefined ? sql`null::text` : groupKey[group]
  return reportRows<FunnelRow>(
    db,
    sql`
    with keyed as (
      -- Grouped in byte order (a locale-aware sort of 400,000 keys took a third of the report), listed in the locale's.
      select ${key} collate "C" as grp, f.*,
        (working_at is not null or qualified_at is not null or opportunity_at is not null) as reached_working,
        (qualified_at is not null or opportunity_at is not null) as reached_qualified
      from lead_funnel f
      where f.workspace_id = ${workspaceId} and f.created_at >= ${from.toISOString()}::timestamptz
        and f.created_at < ${to.toISOString()}::timestamptz
    )
    select ${group === undefined ? sql`true as total, null::text as grp` : sql`grouping(grp) = 1 as total, grp`},
      count(*) as created,
      count(*) filter (where reached_working) as working,
      count(*) filter (where reached_qualified) as qualified,
      count(opportunity_at) as opportunity,
      count(won_at) as won,
      count(*) filter (where lost) as lost,
      count(*) filter (where disqualified) as disqualified,
      count(*) filter (where nurtured) as nurtured,
      count(*) filter (where lead_nurture_moves + lead_reopen_moves + opportunity_stage_back_moves
        + opportunity_reopen_moves > 0) as moved_back,
      sum(lead_nurture_moves) as lead_nurture_moves, sum(lead_reopen_moves) as lead_reopen_moves,
      sum(opportunity_stage_back_moves) as opportunity_stage_back_moves,
      sum(opportunity_reopen_moves) as opportunity_reopen_moves,
      ${spanColumns()}
    from keyed
    ${group === undefined ? sql`` : sql`group by grouping sets ((grp), ()) order by total, grp collate "default"`}`,
  )
}

export interface StageRow {
  stage: string
  entered: string
  left_forward: string
  left_backward: string
  lost: string
  still_in: string
  p50_days: string | null
  p90_days: string | null
}

const FORWARD_ORDER = sql.raw(
  `array['prospecting','qualification','needs_analysis','proposal','negotiation','closed_won']`,
)

/**
 * The stays in each stage that began in the period (opportunity_stays: from the transition into a stage to the
 * opportunity's next transition). Leaving to closed_lost is "lost"; leaving closed_lost (a reopen) is backward.
 */
export function stageRows(db: Db, workspaceId: string, from: Date, to: Date): Promise<StageRow[]> {
  return reportRows<StageRow>(
    db,
    sql`
    with judged as (
      select stage, extract(epoch from (left_at - entered_at)) / 86400 as days,
        case
          when next_stage is null then 'still_in'
          when next_stage = 'closed_lost' then 'lost'
          when stage = 'closed_lost' then 'backward'
          when array_position(${FORWARD_ORDER}, next_stage) > array_position(${FORWARD_ORDER}, stage) then 'forward'
          else 'backward'
        end as exit
      from opportunity_stays
      where workspace_id = ${workspaceId} and entered_at >= ${from.toISOString()}::timestamptz
        and entered_at < ${to.toISOString()}::timestamptz
    )
    select stage, count(*) as entered,
      count(*) filter (where exit = 'forward') as left_forward,
      count(*) filter (where exit = 'backward') as left_backward,
      count(*) filter (where exit = 'lost') as lost,
      count(*) filter (where exit = 'still_in') as still_in,
      round(percentile_disc(0.5) within group (order by days), 3) as p50_days,
      round(percentile_disc(0.9) within group (order by days), 3) as p90_days
    from judged
    group by stage`,
  )
}

export interface ForecastRow {
  currency: string
  month: string | null
  category: string
  opportunities: string
  amount: string
  weighted_amount: string
}

export interface StagePolicy {
  stage: string
  probability: number
  category: string
}

/**
 * Open opportunities by expected close month and won ones by the month they closed, per currency and forecast
 * category. Amounts are summed within one currency only; weighting uses the workspace's stage probabilities.
 */
export function forecastRows(
  db: Db,
  workspaceId: string,
  policy: StagePolicy[],
  period: { from: string; to: string } | undefined,
): Promise<ForecastRow[]> {
  const inPeriod =
    period === undefined ? sql`true` : sql`month_start >= ${period.from}::date and month_start <= ${period.to}::date`
  return reportRows<ForecastRow>(
    db,
    sql`
    with policy as (
      select * from jsonb_to_recordset(${JSON.stringify(policy)}::jsonb) as p(stage text, probability int, category text)
    ),
    dated as (
      select o.currency, o.amount, p.probability, p.category,
        date_trunc('month', case when o.stage = 'closed_won' then (o.closed_at at time zone 'UTC')::date
          else o.expected_close_date end)::date as month_start
      from opportunities o join policy p on p.stage = o.stage
      where o.workspace_id = ${workspaceId} and o.stage <> 'closed_lost'
    )
    select currency, to_char(month_start, 'YYYY-MM') as month, category,
      count(*) as opportunities, sum(amount)::text as amount,
      round(sum(amount * probability) / 100, 2)::text as weighted_amount
    from dated
    where ${inPeriod}
    group by currency, month_start, category
    order by currency, month_start nulls last, category`,
  )
}

export interface WinRateRow {
  stage: string
  closed: string
  won: string
}

/** Of the workspace's closed opportunities that were ever in a stage, how many were won (one pass over the stays). */
export function winRateRows(db: Db, workspaceId: string): Promise<WinRateRow[]> {
  return reportRows<WinRateRow>(
    db,
    sql`
    select stage, count(*) filter (where current_stage in ('closed_won', 'closed_lost')) as closed,
      count(*) filter (where current_stage = 'closed_won') as won
    from opportunity_stays
    where workspace_id = ${workspaceId} and first_visit
      and stage in ('prospecting','qualification','needs_analysis','proposal','negotiation')
    group by stage`,
  )
}
