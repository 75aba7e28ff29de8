// How far the event feed may be shown: up to a number below which no event can still appear.
import type { Db } from '../../db/client.js'
import { endedBefore, lastEventNumber } from '../../db/repositories/ledger.js'

const WAIT_MS = 1_000
const MAX_PAUSE_MS = 50

/**
 * Numbers come from one sequence and writers commit in any order, so a poller that saw number n must never later
 * find a new event below n. A writer takes its transaction id before its number; so once every transaction that
 * got its id before the last number handed out (L) was read has ended, every number up to L is committed or gone.
 * The bound only grows; if those transactions do not end within a second, the last settled bound is used (the feed
 * lags, it never skips).
 */
export class EventWatermark {
  #settled = 0

  async bound(db: Db): Promise<number> {
    const { last, after } = await lastEventNumber(db)
    if (last <= this.#settled) return this.#settled
    const start = Date.now()
    for (let pause = 1; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
      if (await endedBefore(db, after)) {
        this.#settled = Math.max(this.#settled, last)
        return this.#settled
      }
      if (Date.now() - start > WAIT_MS) return this.#settled
      await new Promise((resolve) => setTimeout(resolve, pause))
    }
  }
}
