// Remembers which keys were used and writes last_used_at for all of them at once, off the request path.
import type { Database } from '../../db/client.js'
import { touchApiKeys } from '../../db/repositories/api-keys.js'

export class KeyUsage {
  #used = new Set<string>()
  readonly #timer: NodeJS.Timeout

  constructor(
    private readonly db: Database,
    intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {
    this.#timer = setInterval(() => void this.flush().catch(this.onError), intervalMs).unref()
  }

  seen(keyId: string): void {
    this.#used.add(keyId)
  }

  async flush(): Promise<void> {
    if (this.#used.size === 0) return
    const ids = [...this.#used]
    this.#used = new Set()
    await touchApiKeys(this.db, ids)
  }

  /** Stops the timer and writes what is pending. */
  async close(): Promise<void> {
    clearInterval(this.#timer)
    await this.flush()
  }
}
