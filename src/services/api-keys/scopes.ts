// Scope checks: admin includes write, write includes read.
import type { Scope } from '../../schemas/api-keys.js'

export type { Scope }

const rank: Record<Scope, number> = { read: 1, write: 2, admin: 3 }

export function allows(granted: readonly string[], needed: Scope): boolean {
  return granted.some((s) => s in rank && rank[s as Scope] >= rank[needed])
}
