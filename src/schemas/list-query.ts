// List parameters the record lists share: a signed sort over named keys, and the stalled filter.
import { Type } from 'typebox'
import { Int4 } from './common.js'

export type Signed<K extends string> = K | `-${K}`

/** Every key ascending and descending (a leading -), as the values of a `sort` parameter. */
export const signedKeys = <K extends string>(keys: readonly K[]): Signed<K>[] =>
  keys.flatMap((k) => [k, `-${k}` as const])

export const SortParam = <K extends string>(keys: readonly K[], note?: string) =>
  Type.Optional(
    Type.Enum(signedKeys(keys), {
      default: '-created_at',
      examples: [`-${keys[keys.length - 1]}`],
      description: ['Order of the list; a leading - means descending.', note, 'starting_after stays the last id seen.']
        .filter((part) => part !== undefined)
        .join(' '),
    }),
  )

export const StalledDays = (description: string) =>
  Type.Optional(Int4({ minimum: 1, maximum: 3650, description, examples: [30] }))
