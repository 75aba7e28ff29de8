// Standard Webhooks signatures: secret "whsec_" + base64 key, signature "v1," + base64 HMAC-SHA256(id.timestamp.body).
import { createHmac, randomBytes } from 'node:crypto'

const PREFIX = 'whsec_'

export const generateSecret = (): string => PREFIX + randomBytes(32).toString('base64')

export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64')
  return 'v1,' + createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
}

export function signedHeaders(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': sign(secret, id, timestampSeconds, body),
  }
}
