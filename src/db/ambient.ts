// A transaction that spans a whole request: the handle routes are given joins it when one is open, so what a use
// case writes and the answer stored for its Idempotency-Key commit together (its own transaction becomes a savepoint).
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Database, Transaction } from './client.js'

const open = new AsyncLocalStorage<Transaction>()
const proxies = new WeakMap<object, Database>()

/** `db` itself, except inside `withTransaction`, where every call goes to that transaction. */
export function ambientDatabase(db: Database): Database {
  const proxy = new Proxy(db, {
    get(target, property) {
      const handle = open.getStore() ?? target
      const value: unknown = Reflect.get(handle, property, handle)
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(handle) : value
    },
  })
  proxies.set(proxy, db)
  return proxy
}

/** What `db` stands for right now: the open transaction, the database behind an ambient handle, or `db` itself. */
export function resolveAmbient<T extends object>(db: T): T | Database | Transaction {
  const target = proxies.get(db)
  return target === undefined ? db : (open.getStore() ?? target)
}

/** Runs `work` with `tx` as the transaction an ambient database joins. */
export const withTransaction = <T>(tx: Transaction, work: () => Promise<T>): Promise<T> => open.run(tx, work)
