// Counts a lead's activities of given types over a look-back window, for activity_count rules.
import type { Activity, ActivityType } from './activity.js'
import { DAY_MS, parseInstant } from './dates.js'
import type { ActivityCondition } from './rule-schema.js'

export interface DatedActivity {
  readonly type: ActivityType
  readonly direction: Activity['direction']
  readonly at: number
}

/** Activities known at asOfMs (not after it), with parsed instants; unparseable ones are left out. */
export function datedActivities(activities: readonly Activity[], asOfMs: number): DatedActivity[] {
  const dated: DatedActivity[] = []
  for (const { type, direction, occurred_at } of activities) {
    const at = parseInstant(occurred_at)
    if (at <= asOfMs) dated.push({ type, direction, at })
  }
  return dated
}

export type ActivityCounter = (dated: readonly DatedActivity[], asOfMs: number) => number | undefined

/** The count when it lies within the rule's min..max, else undefined. */
export function compileActivityCount(rule: ActivityCondition): ActivityCounter {
  const types = new Set(rule.types)
  const windowMs = rule.days * DAY_MS
  const { direction, min = 0, max = Number.POSITIVE_INFINITY } = rule
  return (dated, asOfMs) => {
    let count = 0
    for (const a of dated) {
      if (types.has(a.type) && asOfMs - a.at <= windowMs && (direction === undefined || a.direction === direction))
        count++
    }
    return count >= min && count <= max ? count : undefined
  }
}
