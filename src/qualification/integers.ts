// JSON integers bounded by where they are stored, with their OpenAPI format: int32 for `integer` columns, int64 else.
import { Type, type TNumberOptions } from 'typebox'

/** The largest value of a PostgreSQL `integer` column: every 32-bit integer a request carries must fit its column. */
export const INT4_MAX = 2_147_483_647
/** An integer stored in an `integer` column (versions, attempts, status codes, percentages). */
export const Int4 = (options: TNumberOptions = {}) =>
  Type.Integer({ format: 'int32', minimum: -INT4_MAX - 1, maximum: INT4_MAX, ...options })
/** A count or a `bigint` column, bounded by what a JSON number holds exactly. */
export const Int53 = (options: TNumberOptions = {}) =>
  Type.Integer({ format: 'int64', minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, ...options })
/** A count of rows: never negative, bounded by what a JSON number holds exactly. */
export const Count = (options: TNumberOptions = {}) => Int53({ minimum: 0, ...options })
