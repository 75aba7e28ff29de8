// Recognises database errors by SQLSTATE, whichever driver (pg, PGlite) raised them and however Drizzle wrapped them.
export function sqlState(error: unknown): string | undefined {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined;
    e !== undefined && e !== null;
    e = e.cause as typeof e
  ) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code
  }
  return undefined
}

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505'

// Connection exceptions (08), shutdown and crash (57P01-57P03), too many connections (53300), and the drivers' own
// words.
const UNAVAILABLE_STATES = /^(08...|57P0[1-3]|53300)$/
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'])
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed|Cannot use a pool after calling end/

/** True when the error means "the database cannot be reached right now", not "the request is wrong". */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
    e !== undefined && e !== null;
    e = e.cause as typeof e
  ) {
    if (typeof e.code === 'string' && (UNAVAILABLE_STATES.test(e.code) || UNAVAILABLE_NODE_CODES.has(e.code)))
      return true
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true
  }
  return false
}

/** A one-line explanation for the database errors a wrong DATABASE_URL causes at start, or undefined. */
export function startupProblem(error: unknown, url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  const where = `${target.hostname}:${target.port === '' ? '5432' : target.port}`
  switch (sqlState(error)) {
    case '3D000':
      return `DATABASE_URL names the database "${name}", which does not exist on ${where}: create it (createdb ${name}) or point DATABASE_URL at one that exists`
    case '28P01':
    case '28000':
      return `DATABASE_URL: ${where} refused the user or password (${(error as Error).message})`
  }
  return isDatabaseUnavailable(error)
    ? `DATABASE_URL: cannot reach PostgreSQL at ${where} (${(error as Error).message || 'connection failed'})`
    : undefined
}
