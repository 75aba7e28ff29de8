// Use case: decide what an Idempotency-Key means for a request: run it, replay the stored answer, or refuse.
import type { Database, Db } from '../../db/client.js'
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  findIdempotencyRecord,
  purgeExpiredIdempotencyKeys,
  releaseIdempotencyKey,
} from '../../db/repositories/idempotency.js'
import { AppError } from '../../errors.js'

export interface StoredResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export async function beginIdempotent(
  db: Database,
  workspaceId: string,
  key: string,
  requestHash: string,
): Promise<StoredResponse | undefined> {
  if (await claimIdempotencyKey(db, workspaceId, key, requestHash)) return undefined
  const record = await findIdempotencyRecord(db, workspaceId, key)
  // Released or expired between our claim and our read: claim again once.
  if (record === undefined) {
    if (await claimIdempotencyKey(db, workspaceId, key, requestHash)) return undefined
    throw new AppError('IDEMPOTENCY_IN_PROGRESS', 'retry in a moment')
  }
  if (record.requestHash !== requestHash) {
    throw new AppError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key "${key}" was first used with a different request`)
  }
  if (record.state === 'running') {
    throw new AppError(
      'IDEMPOTENCY_IN_PROGRESS',
      `the first request with Idempotency-Key "${key}" has not finished yet`,
    )
  }
  return {
    status: record.responseStatus ?? 200,
    headers: record.responseHeaders ?? {},
    body: record.responseBody ?? '',
  }
}

/** Stores the answer; a server error releases the key instead, so the client's retry runs anew. */
export async function finishIdempotent(
  db: Database,
  workspaceId: string,
  key: string,
  response: StoredResponse,
): Promise<void> {
  if (response.status >= 500) await releaseIdempotencyKey(db, workspaceId, key)
  else await completeIdempotencyKey(db, workspaceId, key, response)
}

/** Stores the answer inside the transaction of the request's writes, so both commit or neither does. */
export const storeAnswer = (tx: Db, workspaceId: string, key: string, response: StoredResponse): Promise<void> =>
  completeIdempotencyKey(tx, workspaceId, key, response)

/** Stored answers live 24 h; this clears the expired ones (the worker calls it now and then). */
export const purgeExpired = (db: Database): Promise<number> => purgeExpiredIdempotencyKeys(db)
