// One transaction per use case, with dry runs (do everything, then roll back) and If-Match checks.
import type { Database, Transaction } from '../../db/client.js'
import { AppError } from '../../errors.js'
import type { WriteOptions } from './actor.js'

class DryRun<T> extends Error {
  constructor(readonly result: T) {
    super('dry run')
  }
}

/**
 * Runs `work` in a transaction. A dry run performs every write and check exactly as a real run would,
 * so the answer is what would happen, and then rolls all of it back.
 */
export async function unitOfWork<T>(
  db: Database,
  options: WriteOptions,
  work: (tx: Transaction) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      const result = await work(tx)
      if (options.dryRun === true) throw new DryRun(result)
      return result
    })
  } catch (error) {
    if (error instanceof DryRun) return error.result as T
    throw error
  }
}

export const etagOf = (version: number): string => `"${version}"`

export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return
  const accepted = ifMatch.split(',').map((tag) => tag.trim())
  if (!accepted.includes(etagOf(version))) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `If-Match ${ifMatch} does not match the current ETag ${etagOf(version)}`,
      { current_etag: etagOf(version) },
    )
  }
}
