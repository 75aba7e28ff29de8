// Cursor pagination: newest first, `starting_after` the last id seen.
import { Type, type TSchema } from 'typebox'
import { Int4, MAX_PAGE, Uuid } from './common.js'

/** The page size when `limit` is left out: the schemas default it, and use cases called outside HTTP use it too. */
export const DEFAULT_LIMIT = 20

export const PageQuery = {
  limit: Type.Optional(Int4({ minimum: 1, maximum: 100, default: DEFAULT_LIMIT })),
  starting_after: Type.Optional(
    Type.String({ format: 'uuid', maxLength: 36, description: 'The id of the last item of the previous page' }),
  ),
}

export const PageOf = <T extends TSchema>(item: T) =>
  Type.Object({
    data: Type.Array(item, { maxItems: MAX_PAGE }),
    has_more: Type.Boolean(),
    next_cursor: Type.Union([Uuid, Type.Null()], { description: 'Pass as starting_after for the next page' }),
  })
