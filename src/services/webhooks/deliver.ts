// Use case: claim due deliveries, send each signed, and record the outcome (retry, success, failure, or 410 disable).
import type { Database } from '../../db/client.js'
import { findEvent, type EventRow } from '../../db/repositories/ledger.js'
import {
  claimDueDeliveries,
  findWebhook,
  recordOutcome,
  updateWebhook,
  type ClaimedDelivery,
  type Outcome,
} from '../../db/repositories/webhooks.js'
import { nextRetryIn, DEFAULT_SCHEDULE } from './retry-schedule.js'
import { postJson } from './send.js'
import { signedHeaders } from './signing.js'

export interface DeliveryOptions {
  timeoutMs: number
  allowLoopback: boolean
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
  const now = Math.floor((options.now?.() ?? new Date()).getTime() / 1000)
  const sent = await postJson(webhook.targetUrl, signedHeaders(webhook.secret, event.id, now, body), body, options)
  if (sent.statusCode !== null && sent.statusCode >= 200 && sent.statusCode < 300)
    return { status: 'succeeded', statusCode: sent.statusCode, error: null }
  if (sent.statusCode === 410) {
    await updateWebhook(db, claim.workspace_id, claim.webhook_id, {
      enabled: false,
      disabledReason: 'the endpoint answered 410 Gone',
    })
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

/** One round: returns how many deliveries were attempted. */
export async function deliverDue(db: Database, options: DeliveryOptions): Promise<number> {
  const claims = await claimDueDeliveries(db, options.batchSize ?? 20, options.lockSeconds ?? 60)
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
