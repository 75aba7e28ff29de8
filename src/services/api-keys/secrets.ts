// How API keys look and are hashed: 32 random bytes, shown once, stored as SHA-256.
import { hash, randomBytes, timingSafeEqual } from 'node:crypto'

export const KEY_PREFIX = 'qk_'

export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url')
}

export function hashKey(key: string): string {
  // The one-shot hash: every authenticated request hashes its key, and a Hash object per call cost more.
  return hash('sha256', key, 'hex')
}

/** The part of a key that is safe to show again: enough to tell keys apart, far too little to guess them. */
export function displayPrefix(key: string): string {
  return key.slice(0, Math.min(11, Math.ceil(key.length / 4)))
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b, 'hex')
  return x.length === y.length && timingSafeEqual(x, y)
}
