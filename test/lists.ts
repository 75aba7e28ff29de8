// Walking a list page by page with its cursor, and the order a sorted list must come in.
import type { LightMyRequestResponse } from 'fastify'

type Call = (method: string, url: string) => Promise<LightMyRequestResponse>

/** Every item of `/v1/{list}?query`, following next_cursor from `from` (or the start). */
export async function walkList<T>(call: Call, list: string, query: string, limit = 2, from: string | null = null) {
  const seen: T[] = []
  let cursor: string | null = from
  do {
    const after: string = cursor === null ? '' : `&starting_after=${cursor}`
    const res = await call('GET', `/v1/${list}?${query}&limit=${limit}${after}`)
    if (res.statusCode !== 200) throw new Error(res.body)
    const page = res.json()
    seen.push(...page.data)
    cursor = page.next_cursor
  } while (cursor !== null)
  return seen
}

/** The expected order of a sorted list: by key, then by id, reversed when descending. */
export const byKeyThenId =
  <T extends { id: string }>(key: (item: T) => number, descending: boolean) =>
  (a: T, b: T): number => {
    const d = key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
    return descending ? -d : d
  }
