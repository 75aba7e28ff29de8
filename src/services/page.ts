// The shape of every list answer, and the page a list query asks for.
import type { ListSort, PageQuery } from '../db/repositories/page.js'
import { DEFAULT_LIMIT } from '../schemas/page.js'

export interface ListQuery {
  limit?: number | undefined
  starting_after?: string | undefined
}

export const pageQuery = (q: ListQuery): PageQuery => ({
  limit: q.limit ?? DEFAULT_LIMIT,
  startingAfter: q.starting_after,
})

/** A list response: the next cursor is the last item's id when there is more. */
export const pageView = <T extends { id: string }>(rows: T[], hasMore: boolean) => ({
  data: rows,
  has_more: hasMore,
  next_cursor: hasMore && rows.length > 0 ? rows[rows.length - 1]!.id : null,
})

const DAY_MS = 86_400_000

/** A `sort` value as the repositories take it; newest first (the default) needs no sort key. */
export function listSort<K extends string>(sort: K | `-${K}` | undefined): ListSort<K> | undefined {
  if (sort === undefined || sort === '-created_at') return undefined
  const descending = sort.startsWith('-')
  return { key: (descending ? sort.slice(1) : sort) as K, descending }
}

/** The instant a record must have been untouched since, for `stalled_days`. */
export const stalledSince = (now: Date, days: number | undefined): Date | undefined =>
  days === undefined ? undefined : new Date(now.getTime() - days * DAY_MS)
