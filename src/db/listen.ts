// Receives the invalidation NOTIFYs of every instance on a connection of its own (Postgres) or from PGlite itself.
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import type { Database } from './client.js'
import { INVALIDATION_CHANNEL } from './repositories/invalidations.js'

export interface InvalidationHandlers {
  message: (payload: string) => void
  /** The channel was (re)connected: anything sent while it was down is lost, so drop everything cached. */
  reset: () => void
}

const RECONNECT_MS = 1_000

/** Starts listening; the returned function stops. */
export async function listenForInvalidations(
  db: Database,
  handlers: InvalidationHandlers,
): Promise<() => Promise<void>> {
  const client = db.$client
  if (client instanceof PGlite) return client.listen(INVALIDATION_CHANNEL, handlers.message)
  if (client instanceof pg.Pool) return listenPostgres(client, handlers)
  return async () => {}
}

async function listenPostgres(pool: pg.Pool, handlers: InvalidationHandlers): Promise<() => Promise<void>> {
  let stopped = false
  let current: pg.Client | undefined
  let timer: NodeJS.Timeout | undefined
  const retry = () => {
    if (!stopped) timer = setTimeout(() => void connect(), RECONNECT_MS).unref()
  }
  const connect = async () => {
    const client = new pg.Client(pool.options)
    let lost = false
    const onLost = () => {
      if (lost) return
      lost = true
      current = undefined
      client.end().catch(() => {})
      handlers.reset()
      retry()
    }
    client.on('error', onLost)
    client.on('end', onLost)
    client.on('notification', (n) => {
      if (n.channel === INVALIDATION_CHANNEL && n.payload !== undefined) handlers.message(n.payload)
    })
    try {
      await client.connect()
      await client.query(`listen ${INVALIDATION_CHANNEL}`)
      current = client
      handlers.reset()
    } catch {
      onLost()
    }
  }
  await connect()
  return async () => {
    stopped = true
    clearTimeout(timer)
    const client = current
    current = undefined
    client?.removeAllListeners('end')
    await client?.end().catch(() => {})
  }
}
