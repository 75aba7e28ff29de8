// Set-based seed of one large workspace for `npm run bench insight`: leads with scores, engagement and activities,
// prospects, opportunities and the whole ledger (lead, prospect and opportunity transitions, forward and backward),
// written by a handful of INSERT ... SELECT statements over generate_series, not through the API.
import { sql, type SQL } from 'drizzle-orm'
import type { Database } from '../../src/db/client.js'

export interface SeedShape {
  readonly workspaceId: string
  readonly leads: number
  readonly opportunities: number
  /** A lead, its prospect and its opportunity made through the API: their JSON columns are copied into every row. */
  readonly sample: { leadId: string; prospectId: string }
  /** The seed's present: every time lies in the two years before it. */
  readonly now: Date
}

const SOURCES = `array['web_form','web_form','web_form','newsletter','webinar','webinar','event','content_download',
  'referral','outbound','outbound','paid_ads','paid_ads','social','partner','other']`
const OWNERS = `array['ana','ben','cho','dia','eli','fay','gus','hal','ivy','jon','kai','lea','max','nia','oto','pia',
  'quin','rae','sol','tia','uma','vic','wes','xia','yan']`

/** One statement at a time, each timed, so a slow step shows in the log. */
export async function seedPipeline(db: Database, shape: SeedShape, log: (line: string) => void): Promise<void> {
  for (const [name, statement] of steps(shape)) {
    const t0 = performance.now()
    await db.execute(statement)
    log(`  seed ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
}

function steps(s: SeedShape): [string, SQL][] {
  const ws = s.workspaceId
  const now = sql`${s.now.toISOString()}::timestamptz`
  return [
    ['plan', plan(s, now)],
    ['opportunity plan', opportunityPlan(s)],
    ['leads', leadsInsert(s)],
    // Fresh statistics, or the activity trigger's join plans against an apparently empty leads table.
    ['analyze leads', sql`analyze leads`],
    ['activities', activitiesInsert(ws)],
    ['prospects', prospectsInsert(s)],
    ['opportunities', opportunitiesInsert(s)],
    ['lead ledger', leadLedger(s)],
    ['prospect ledger', prospectLedger(ws)],
    ['opportunity ledger', opportunityLedger(ws)],
    ['analyze', sql`analyze`],
  ]
}

/**
 * A UUIDv7 (RFC 9562) of the instant `at`, as the service mints ids (src/db/ordered-id.ts): a lead made through the
 * API two years ago has an id of that time. Random (v4) ids instead would put id order, in which rescoring walks the
 * leads, at random against the order the rows lie in, which no workspace built through the service has.
 */
const uuidv7 = (at: string) =>
  sql.raw(`(lpad(to_hex(floor(extract(epoch from ${at}) * 1000)::bigint), 12, '0') || '7'
    || substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid`)

// One row per lead with its fate (how far and which way it went) and the times of its steps.
function plan(s: SeedShape, now: SQL): SQL {
  return sql`
    create unlogged table bench_plan as
    with base as (
      select i, random() as u, random() as v, random() as w, ${now} as now_,
        ${now} - (730 * power(random(), 0.8)) * interval '1 day' - interval '1 hour' as created_at
      from generate_series(1, ${s.leads}) as i
    )
    select b.*, ${uuidv7('b.created_at')} as lead_id,
      case when u < .30 then 'new' when u < .50 then 'working' when u < .60 then 'nurturing'
        when u < .63 then 'nurture_reopen' when u < .72 then 'disqualified' when u < .73 then 'disqualified_reopen'
        else 'qualified' end as fate,
      least(now_, created_at + v * 10 * interval '1 day') as worked_at,
      least(now_, created_at + (10 + w * 50) * interval '1 day') as decided_at,
      least(now_, created_at + (70 + v * 80) * interval '1 day') as reopened_at,
      case when random() < .2 then 50 + random() * 50 else 100 * power(random(), 3) end as engagement
    from base b`
}

// The first qualified leads get an opportunity each; the rest stay prospects.
function opportunityPlan(s: SeedShape): SQL {
  return sql`
    create unlogged table bench_opp as
    with q as (
      select p.*, row_number() over (order by i) as k from bench_plan p where fate = 'qualified'
    ), o as (
      select q.lead_id, q.now_, q.decided_at, gen_random_uuid() as opp_id, gen_random_uuid() as prospect_id,
        least(q.now_, q.decided_at + (1 + random() * 20) * interval '1 day') as created_at,
        1 + floor(power(random(), 0.7) * 5)::int as reached, random() as u, random() < .06 as back,
        (1 + random() * 20) * interval '1 day' as gap
      from q where k <= ${s.opportunities}
    )
    select o.*,
      case when u < .42 then 'won' when u < .70 then 'lost' when u < .73 then 'lost_reopen' else 'open' end as outcome,
      (case when back and reached >= 3 then reached - 1 else reached end) as final_open,
      least(now_, created_at + (reached + case when back and reached >= 3 then 1 else 0 end) * gap) as closed_at
    from o`
}

function leadsInsert(s: SeedShape): SQL {
  return sql`
    insert into leads (id, workspace_id, email, first_name, last_name, title, seniority, decision_role, company,
      source, budget, need, timeline, attributes, owner, status, score_total, score_grade, score_decision, scored_at,
      score_rubric_id, score_rubric_version, engagement_points, engagement_half_life_days, created_at, updated_at)
    select p.lead_id, ${s.workspaceId}, 'lead' || p.i || '@bench.example', x.first_name, x.last_name, x.title,
      x.seniority, x.decision_role, jsonb_set(x.company, '{employee_count}', to_jsonb(10 + p.i % 5000)),
      (${sql.raw(SOURCES)})[1 + p.i % 16], x.budget, x.need, x.timeline, x.attributes,
      (${sql.raw(OWNERS)})[1 + (p.i / 7) % 25],
      case p.fate when 'nurture_reopen' then 'working' when 'disqualified_reopen' then 'working' else p.fate end,
      sc.total, case when sc.total >= 80 then 'A' when sc.total >= 60 then 'B' when sc.total >= 40 then 'C' else 'D' end,
      case when sc.total >= 60 then 'qualified' when sc.total >= 30 then 'nurture' else 'disqualified' end,
      p.decided_at, x.score_rubric_id, x.score_rubric_version, p.engagement, x.engagement_half_life_days,
      p.created_at, case p.fate when 'new' then p.created_at when 'working' then p.worked_at
        when 'nurture_reopen' then p.reopened_at when 'disqualified_reopen' then p.reopened_at else p.decided_at end
    from bench_plan p
    cross join (select * from leads where id = ${s.sample.leadId}) x
    cross join lateral (select round((case when p.fate = 'qualified' then 55 + random() * 45
      else random() * 70 end)::numeric, 1)::real as total) sc
    -- In the order they were created, as a workspace fed through the API stores them.
    order by p.created_at`
}

// Engaged leads have one to four activities between creation and their last step.
function activitiesInsert(ws: string): SQL {
  return sql`
    insert into activities (workspace_id, lead_id, type, direction, occurred_at)
    select ${ws}, p.lead_id,
      (array['email_open','link_click','page_view','reply','meeting','webinar_attended'])[1 + (p.i + a) % 6],
      case when (p.i + a) % 4 = 0 then 'outbound' else 'inbound' end,
      p.created_at + (p.decided_at - p.created_at) * (a / 4.0)
    from bench_plan p cross join generate_series(1, 4) as a
    where p.fate <> 'new' and a <= 1 + p.i % 4
    order by 5`
}

function prospectsInsert(s: SeedShape): SQL {
  return sql`
    insert into prospects (id, workspace_id, lead_id, status, qualification, rubric_id, rubric_version,
      created_at, updated_at)
    select coalesce(o.prospect_id, gen_random_uuid()), ${s.workspaceId}, p.lead_id,
      case when o.opp_id is not null then 'converted' when p.i % 3 = 0 then 'nurturing' else 'active' end,
      jsonb_set(x.qualification, '{grade}', to_jsonb(l.score_grade)), x.rubric_id, x.rubric_version,
      p.decided_at, coalesce(o.created_at, p.decided_at)
    from bench_plan p
    join leads l on l.workspace_id = ${s.workspaceId} and l.id = p.lead_id
    left join bench_opp o on o.lead_id = p.lead_id
    cross join (select * from prospects where id = ${s.sample.prospectId}) x
    where p.fate = 'qualified'`
}

function opportunitiesInsert(s: SeedShape): SQL {
  const stages = `array['prospecting','qualification','needs_analysis','proposal','negotiation']`
  return sql`
    insert into opportunities (id, workspace_id, prospect_id, name, amount, currency, expected_close_date, stage,
      lost_reason, closed_at, created_at, updated_at)
    select o.opp_id, ${s.workspaceId}, o.prospect_id, 'deal ' || o.opp_id,
      round(exp(7 + random() * 4)::numeric, 2),
      case when random() < .7 then 'USD' when random() < .67 then 'EUR' else 'GBP' end,
      case when o.outcome in ('won','lost') then o.closed_at::date
        else (o.created_at + (30 + random() * 180) * interval '1 day')::date end,
      case o.outcome when 'won' then 'closed_won' when 'lost' then 'closed_lost'
        else (${sql.raw(stages)})[o.final_open] end,
      case when o.outcome = 'lost' then 'budget' end,
      case when o.outcome in ('won','lost') then o.closed_at end,
      o.created_at,
      case o.outcome when 'open' then o.created_at + (o.reached - 1) * o.gap
        when 'lost_reopen' then least(o.now_, o.closed_at + o.gap) else o.closed_at end
    from bench_opp o`
}

// Steps are numbered so that transitions stamped with the same (clamped) time still take their seq in path order.
function ordered(rows: SQL): SQL {
  return sql`
    insert into transitions (workspace_id, entity_type, entity_id, action, from_state, to_state, reason,
      evaluation, rubric_id, rubric_version, occurred_at, seq)
    select workspace_id, entity_type, entity_id, action, from_state, to_state, reason, evaluation, rubric_id,
      rubric_version, occurred_at, nextval('transition_seq')
    from (${rows} order by entity_id, occurred_at, step) as r`
}

function leadLedger(s: SeedShape): SQL {
  return ordered(sql`
    select ${s.workspaceId}::uuid as workspace_id, 'lead' as entity_type, p.lead_id as entity_id, m.action,
      m.from_state, m.to_state, m.reason, m.evaluation, m.rubric_id, m.rubric_version, m.occurred_at, m.step
    from bench_plan p
    join leads l on l.workspace_id = ${s.workspaceId} and l.id = p.lead_id
    cross join lateral (values
      (1, 'create', null, 'new', null, null::jsonb, l.score_rubric_id, l.score_rubric_version, p.created_at, true),
      (2, 'engage', 'new', 'working', null, null, null, null, p.worked_at, p.fate <> 'new'),
      (3, 'nurture', 'working', 'nurturing', 'later', null, null, null, p.decided_at,
        p.fate in ('nurturing', 'nurture_reopen')),
      (3, 'disqualify', 'working', 'disqualified', 'no fit', null, null, null, p.decided_at,
        p.fate in ('disqualified', 'disqualified_reopen')),
      (3, 'qualify', 'working', 'qualified', null,
        jsonb_build_object('grade', l.score_grade, 'total', l.score_total), l.score_rubric_id, l.score_rubric_version,
        p.decided_at, p.fate = 'qualified'),
      (4, 'reopen', case p.fate when 'nurture_reopen' then 'nurturing' else 'disqualified' end, 'working', null, null,
        null, null, p.reopened_at, p.fate in ('nurture_reopen', 'disqualified_reopen'))
    ) as m(step, action, from_state, to_state, reason, evaluation, rubric_id, rubric_version, occurred_at, kept)
    where m.kept`)
}

function prospectLedger(ws: string): SQL {
  return ordered(sql`
    select ${ws}::uuid as workspace_id, 'prospect' as entity_type, pr.id as entity_id, m.action, m.from_state,
      m.to_state, null as reason, null::jsonb as evaluation, null::uuid as rubric_id, null::int as rubric_version,
      m.occurred_at, m.step
    from prospects pr
    left join bench_opp o on o.prospect_id = pr.id
    cross join lateral (values
      (1, 'create', null, 'active', pr.created_at, true),
      (2, 'convert', 'active', 'converted', o.created_at, o.opp_id is not null),
      (2, 'nurture', 'active', 'nurturing', pr.updated_at, pr.status = 'nurturing')
    ) as m(step, action, from_state, to_state, occurred_at, kept)
    where pr.workspace_id = ${ws} and m.kept`)
}

// Create at prospecting, one stage move per stage reached, sometimes one step back, then won, lost or still open;
// a few lost ones are reopened.
function opportunityLedger(ws: string): SQL {
  const stages = `(array['prospecting','qualification','needs_analysis','proposal','negotiation'])`
  return ordered(sql`
    select ${ws}::uuid as workspace_id, 'opportunity' as entity_type, o.opp_id as entity_id, m.action, m.from_state,
      m.to_state, m.reason, null::jsonb as evaluation, null::uuid as rubric_id, null::int as rubric_version,
      least(o.now_, m.occurred_at) as occurred_at, m.step
    from bench_opp o
    cross join lateral (
      select 1 as step, 'create' as action, null as from_state, 'prospecting' as to_state, null as reason,
        o.created_at as occurred_at
      union all
      select s, 'stage', ${sql.raw(stages)}[s - 1], ${sql.raw(stages)}[s], null, o.created_at + (s - 1) * o.gap
      from generate_series(2, o.reached) as s
      union all
      select 6, 'stage', ${sql.raw(stages)}[o.reached], ${sql.raw(stages)}[o.reached - 1], null,
        o.created_at + (o.reached - 0.5) * o.gap
      where o.back and o.reached >= 3
      union all
      select 7, case when o.outcome = 'won' then 'win' else 'lose' end, ${sql.raw(stages)}[o.final_open],
        case when o.outcome = 'won' then 'closed_won' else 'closed_lost' end,
        case when o.outcome <> 'won' then 'budget' end, o.closed_at
      where o.outcome <> 'open'
      union all
      select 8, 'reopen', 'closed_lost', ${sql.raw(stages)}[o.final_open], null, o.closed_at + o.gap
      where o.outcome = 'lost_reopen'
    ) as m`)
}
