// Use case: claim due deliveries, send each signed, and record the outcome (retry, success, failure, or 410 disable).
import type { Database } from '../../db/client.js'
import { findEvent, type EventRow } from '../../db/repositories/ledger.js'
import {
  claimDueInWindow,
  dueWindowEnd,
  findWebhook,
  recordOutcome,
  updateWebhook,
  type ClaimedDelivery,
  type DueCursor,
  type Outcome,
} from '../../db/repositories/webhooks.js'
import { nextRetryIn, DEFAULT_SCHEDULE } from './retry-schedule.js'
import type { SecretBox } from './secret-box.js'
import { postJson } from './send.js'
import { signedHeaders } from './signing.js'

export interface DeliveryOptions {
  timeoutMs: number
  allowLoopback: boolean
  /** Opens the stored signing secrets. */
  secrets: SecretBox
  batchSize?: number
  /** How long a claim holds; a worker that dies mid-send releases its deliveries after this. */
  lockSeconds?: number
  schedule?: readonly number[]
  random?: () => number
  now?: () => Date
}

/** The body a subscriber receives; also what the sample endpoint shows. */
export const deliveryBody = (event: Pick<EventRow, 'type' | 'occurredAt' | 'payload'>) =>
  JSON.stringify({ type: event.type, timestamp: event.occurredAt.toISOString(), data: event.payload })

async function deliverOne(db: Database, claim: ClaimedDelivery, options: DeliveryOptions): Promise<Outcome> {
  const webhook = await findWebhook(db, claim.workspace_id, claim.webhook_id)
  const event = await findEvent(db, claim.workspace_id, claim.event_id)
  if (webhook === undefined || event === undefined)
    return { status: 'failed', statusCode: null, error: 'the subscription or event no longer exists' }
  if (!webhook.enabled) return { status: 'failed', statusCode: null, error: 'the subscription is disabled' }
  const body = deliveryBody(event)
  const at = options.now?.() ?? new Date()
  const now = Math.floor(at.getTime() / 1000)
  const sent = await postJson(
    webhook.targetUrl,
    signedHeaders(options.secrets.decrypt(webhook.secret), event.id, now, body),
    body,
    options,
  )
  if (sent.statusCode !== null && sent.statusCode >= 200 && sent.statusCode < 300)
    return { status: 'succeeded', statusCode: sent.statusCode, error: null }
  if (sent.statusCode === 410) {
    await updateWebhook(
      db,
      claim.workspace_id,
      claim.webhook_id,
      {
        enabled: false,
        disabledReason: 'the endpoint answered 410 Gone',
      },
      at,
    )
    return { status: 'failed', statusCode: 410, error: 'the endpoint answered 410 Gone; the subscription is disabled' }
  }
  const error = sent.error ?? `the endpoint answered ${sent.statusCode}`
  const retryIn = nextRetryIn(
    claim.attempts,
    options.schedule ?? DEFAULT_SCHEDULE,
    options.random ?? Math.random,
    sent.retryAfterSeconds,
  )
  return retryIn === undefined
    ? { status: 'failed', statusCode: sent.statusCode, error: `${error}; no retries left` }
    : { status: 'pending', statusCode: sent.statusCode, error, retryInSeconds: retryIn }
}

// How many due deliveries one claim query looks at: small, so no query of the worker holds the database
// (on PGlite, the main thread) for long, however large the backlog.
const CLAIM_WINDOW = 200

/** Lets queued work (an HTTP request waiting for the embedded database) run between two queries of the worker. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * Claims up to `limit` due deliveries, scanning the backlog window by window. A window whose deliveries all wait
 * for an earlier event does not stop the scan, so a record stuck in retries never starves the others.
 */
export async function claimDue(db: Database, limit: number, lockSeconds: number): Promise<ClaimedDelivery[]> {
  const claimed: ClaimedDelivery[] = []
  let after: DueCursor | undefined
  for (;;) {
    claimed.push(...(await claimDueInWindow(db, limit - claimed.length, lockSeconds, CLAIM_WINDOW, after)))
    if (claimed.length >= limit) return claimed
    after = await dueWindowEnd(db, CLAIM_WINDOW, after)
    if (after === undefined) return claimed
    await yieldToOthers()
  }
}

/** One round: returns how many deliveries were attempted. */
export async function deliverDue(db: Database, options: DeliveryOptions): Promise<number> {
  const claims = await claimDue(db, options.batchSize ?? 20, options.lockSeconds ?? 60)
  await Promise.all(
    claims.map(async (claim) => {
      let outcome: Outcome
      try {
        outcome = await deliverOne(db, claim, options)
      } catch (error) {
        outcome = {
          status: 'pending',
          statusCode: null,
          error: String(error),
          retryInSeconds: nextRetryIn(claim.attempts, options.schedule ?? DEFAULT_SCHEDULE, Math.random) ?? 60,
        }
      }
      await recordOutcome(db, claim.workspace_id, claim.id, outcome)
    }),
  )
  return claims.length
}
