// Runs delivery rounds until stopped: in the service process by default, or alone via `npm run worker`.
import type { Database } from '../../db/client.js'
import { deliverDue, type DeliveryOptions } from './deliver.js'

export interface Loop {
  stop: () => Promise<void>
}

export function startDeliveryLoop(
  db: Database,
  options: DeliveryOptions & { pollMs: number; onError: (err: unknown) => void },
): Loop {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const round = async () => {
    try {
      // A full batch suggests more is waiting: go again at once.
      while (!stopped && (await deliverDue(db, options)) === (options.batchSize ?? 20));
    } catch (error) {
      options.onError(error)
    }
    if (!stopped)
      timer = setTimeout(() => {
        running = round()
      }, options.pollMs)
  }
  running = round()

  return {
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
    },
  }
}
