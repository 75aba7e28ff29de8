// Scores engagement: activity points decayed by age, conversations boosted, capped at 100.
import { isTwoWay, MAX_SCORED_ACTIVITIES, type Activity } from './activity.js'
import type { CompiledEngagement } from './compile.js'
import { DAY_MS, parseInstant } from './dates.js'
import type { EngagementResult, ScoredActivity } from './evaluation-schema.js'
import { round2 } from './round.js'

interface Dated {
  readonly activity: Activity
  readonly at: number
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// Newest first, then a total order on the rest, so input order never changes the output.
function newestFirst(x: Dated, y: Dated): number {
  return (
    y.at - x.at ||
    compareText(x.activity.type, y.activity.type) ||
    compareText(x.activity.direction, y.activity.direction) ||
    compareText(x.activity.occurred_at, y.activity.occurred_at)
  )
}

function isSorted(dated: readonly Dated[]): boolean {
  for (let i = 1; i < dated.length; i++) if (newestFirst(dated[i - 1] as Dated, dated[i] as Dated) > 0) return false
  return true
}

// Activities after asOf were not known at asOf: leaving them out makes a past evaluation reproducible.
// Unparseable instants cannot be placed in time and are left out too.
function knownAt(activities: readonly Activity[], asOfMs: number): Dated[] {
  const dated: Dated[] = []
  for (const activity of activities) {
    const at = parseInstant(activity.occurred_at)
    if (at <= asOfMs) dated.push({ activity, at })
  }
  // Callers usually pass activities newest first already; checking is cheaper than sorting.
  if (!isSorted(dated)) dated.sort(newestFirst)
  return dated.length > MAX_SCORED_ACTIVITIES ? dated.slice(0, MAX_SCORED_ACTIVITIES) : dated
}

export function scoreEngagement(
  e: CompiledEngagement,
  activities: readonly Activity[],
  asOfMs: number,
): EngagementResult {
  let sum = 0
  const scored: ScoredActivity[] = []
  for (const { activity, at } of knownAt(activities, asOfMs)) {
    const { type, direction, occurred_at } = activity
    const ageDays = (asOfMs - at) / DAY_MS
    const twoWay = isTwoWay(type, direction)
    const base = e.points[type]
    // exp(-ln2 · t/h) is 0.5^(t/h), exactly 0.5 at one half-life, and several times cheaper than Math.pow.
    const points = base * (twoWay ? e.twoWayMultiplier : 1) * Math.exp(-Math.LN2 * (ageDays / e.halfLifeDays))
    sum += points
    scored.push({
      type,
      direction,
      occurred_at,
      age_days: round2(ageDays),
      base_points: base,
      two_way: twoWay,
      points: round2(points),
    })
  }
  return {
    score: round2(Math.min(100, (100 * sum) / e.cap)),
    weight: e.weight,
    contribution: 0,
    raw_points: round2(sum),
    cap: e.cap,
    half_life_days: e.halfLifeDays,
    activities: scored,
  }
}
