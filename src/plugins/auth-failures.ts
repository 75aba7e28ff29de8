// Per-address budget for failed authentication (missing, unknown or revoked keys), kept in the rate-limit store.
// Once an address has spent it, it is refused before any key lookup, so guessing gets no answer that tells a right key
// from a wrong one; only keys that already authenticated from that address keep working (a shared NAT, a colleague).
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'

export interface AuthFailures {
  /** True when the key (by its hash) has worked from this address before: it is never refused there. */
  known(request: FastifyRequest, keyHash: string): boolean
  /** Seconds to wait when this address has spent its budget and the key (by its hash) has not worked from it before. */
  refused(request: FastifyRequest, keyHash: string | undefined): Promise<number | undefined>
  /** Counts a failure; seconds to wait when it went over the budget. */
  failed(request: FastifyRequest): Promise<number | undefined>
  succeeded(request: FastifyRequest, keyHash: string): void
}

const REFRESH_MS = 60_000

/** Remembers which key hashes authenticated from which address, bounded, forgetting the oldest first. */
class KnownKeys {
  readonly #expiry = new Map<string, number>()

  constructor(
    private readonly ttlMs: number,
    private readonly max = 10_000,
  ) {}

  add(id: string): void {
    const now = Date.now()
    // Every authenticated request lands here: an entry refreshed within the last minute is left as it is (its day
    // is as good as renewed), so the common case is one lookup rather than a delete and an insert.
    if ((this.#expiry.get(id) ?? 0) > now + this.ttlMs - REFRESH_MS) return
    this.#expiry.delete(id)
    if (this.#expiry.size >= this.max) this.#expiry.delete(this.#expiry.keys().next().value!)
    this.#expiry.set(id, now + this.ttlMs)
  }

  has(id: string): boolean {
    return (this.#expiry.get(id) ?? 0) > Date.now()
  }
}

// A key that worked from an address is trusted there for a day, well beyond any lock-out window.
const KNOWN_KEY_TTL_MS = 24 * 60 * 60 * 1000

/** Needs @fastify/rate-limit registered on `app` (it provides the store, in-process or Redis). */
export function authFailureBudget(app: FastifyInstance, config: Config): AuthFailures {
  const limiter = app.createRateLimit({
    max: config.AUTH_FAILURE_MAX,
    timeWindow: config.AUTH_FAILURE_WINDOW_MS,
    keyGenerator: (request) => `auth-failures:${request.ip}`,
  })
  const known = new KnownKeys(KNOWN_KEY_TTL_MS)
  const knownId = (request: FastifyRequest, keyHash: string) => `${request.ip}\n${keyHash}`
  return {
    known(request, keyHash) {
      return known.has(knownId(request, keyHash))
    },
    async refused(request, keyHash) {
      // A key known here is let through whatever the address's budget: no need to read the store for it.
      if (keyHash !== undefined && known.has(knownId(request, keyHash))) return undefined
      const state = await limiter(request, { increment: false })
      if (state.isAllowed || state.remaining > 0) return undefined
      return Math.max(1, state.ttlInSeconds)
    },
    async failed(request) {
      const state = await limiter(request)
      return !state.isAllowed && state.isExceeded ? Math.max(1, state.ttlInSeconds) : undefined
    },
    succeeded(request, keyHash) {
      known.add(knownId(request, keyHash))
    },
  }
}
