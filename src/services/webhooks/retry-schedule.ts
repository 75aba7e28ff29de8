// When to try a failed delivery again: about a day of exponential back-off with jitter.
/** Seconds to wait after the 1st, 2nd, ... failed attempt; after the last, the delivery is failed. */
export const DEFAULT_SCHEDULE = [5, 300, 1800, 7200, 18_000, 36_000, 86_400]

const MAX_RETRY_AFTER = 86_400

/**
 * Seconds until the next attempt after `attempts` tries, or undefined when retries are used up.
 * A Retry-After from the receiver wins over the schedule (capped at a day); jitter spreads a burst by ±20%.
 */
export function nextRetryIn(
  attempts: number,
  schedule: readonly number[],
  random: () => number,
  retryAfter?: number,
): number | undefined {
  const base = schedule[attempts - 1]
  if (base === undefined) return undefined
  if (retryAfter !== undefined) return Math.min(retryAfter, MAX_RETRY_AFTER)
  return base * (0.8 + 0.4 * random())
}
