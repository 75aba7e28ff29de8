// The shape of every list answer, and the page a list query asks for.
import type { PageQuery } from '../db/repositories/page.js'

/** The schemas default `limit` to this; callers outside HTTP may leave it out too. */
export const DEFAULT_LIMIT = 20

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
