// A bounded in-process cache whose entries expire; an invalidation also wins over loads already in flight.

export interface TtlCacheOptions {
  /** Entries kept at most; the oldest goes first. */
  max: number
  /** How long an entry is trusted; 0 turns the cache off. */
  ttlMs: number
  now?: () => number
}

export class TtlCache<V> {
  readonly #entries = new Map<string, { value: V; expires: number }>()
  // Bumped by every invalidation: a load that started before one must not store what it read.
  #generation = 0

  constructor(private readonly options: TtlCacheOptions) {}

  /** The cached value if it is still fresh, without loading: lets a hot path stay synchronous on a hit. */
  peek(key: string): V | undefined {
    const hit = this.#entries.get(key)
    return hit !== undefined && hit.expires > this.#now() ? hit.value : undefined
  }

  /** The cached value, or what `loader` finds (stored unless undefined or invalidated meanwhile). */
  async load(key: string, loader: () => Promise<V | undefined>): Promise<V | undefined> {
    const now = this.#now()
    const hit = this.#entries.get(key)
    if (hit !== undefined && hit.expires > now) return hit.value
    const generation = this.#generation
    const value = await loader()
    if (value !== undefined && generation === this.#generation && this.options.ttlMs > 0) this.#store(key, value, now)
    return value
  }

  delete(key: string): void {
    this.#generation++
    this.#entries.delete(key)
  }

  clear(): void {
    this.#generation++
    this.#entries.clear()
  }

  get size(): number {
    return this.#entries.size
  }

  #store(key: string, value: V, now: number): void {
    this.#entries.delete(key)
    if (this.#entries.size >= this.options.max) this.#entries.delete(this.#entries.keys().next().value!)
    this.#entries.set(key, { value, expires: now + this.options.ttlMs })
  }

  #now(): number {
    return (this.options.now ?? Date.now)()
  }
}
