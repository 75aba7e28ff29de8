// What an instance caches between requests: API keys by hash, the active rubric per workspace and compiled rubric
// versions. Every instance drops an entry when another one announces a change (NOTIFY on commit); the TTL bounds
// staleness if a message is lost.
import type { AuthContext } from '../api-keys/authenticate.js'
import type { ScoringRubric } from '../rubrics/scoring-rubric.js'
import { EventWatermark } from '../lifecycle/event-watermark.js'
import { CompiledRubrics } from './compiled-rubrics.js'
import { TtlCache } from './ttl-cache.js'

export interface CacheSettings {
  AUTH_CACHE_TTL_MS: number
  RUBRIC_CACHE_TTL_MS: number
}

const MAX_KEYS = 10_000
const MAX_RUBRICS = 1_000

export class Caches {
  readonly apiKeys: TtlCache<AuthContext>
  readonly rubrics: TtlCache<ScoringRubric>
  /** Compiled rubric versions, for every scoring path (the active rubric, what-if, batch, backtest, imports). */
  readonly compiled = new CompiledRubrics()
  /** Not a cache but kept the same way: how far this instance has seen the event feed settle. */
  readonly events = new EventWatermark()

  constructor(settings: CacheSettings) {
    this.apiKeys = new TtlCache({ max: MAX_KEYS, ttlMs: settings.AUTH_CACHE_TTL_MS })
    this.rubrics = new TtlCache({ max: MAX_RUBRICS, ttlMs: settings.RUBRIC_CACHE_TTL_MS })
  }

  /** Applies an announcement (`keyChanged`, `rubricChanged` in the repositories); anything unknown clears all. */
  readonly invalidate = (message: string): void => {
    const [kind, id] = [message.slice(0, message.indexOf(':')), message.slice(message.indexOf(':') + 1)]
    if (kind === 'key') this.apiKeys.delete(id)
    else if (kind === 'rubric') this.rubrics.delete(id)
    else this.clear()
  }

  readonly clear = (): void => {
    this.apiKeys.clear()
    this.rubrics.clear()
    this.compiled.clear()
  }
}
