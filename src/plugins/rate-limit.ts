// Per-key rate limits with @fastify/rate-limit, counted after authentication so each key has its own budget.
// In-process counters by default; with REDIS_URL the counters live in Redis and are shared by every instance.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import type { Redis } from 'ioredis'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'

// ioredis is loaded only when configured: most instances never need it, and it is slow to import.
async function sharedStore(app: FastifyInstance, url: string): Promise<Redis> {
  const { Redis } = await import('ioredis')
  const redis = new Redis(url, { connectTimeout: 500, maxRetriesPerRequest: 1, lazyConnect: false })
  redis.on('error', (err) => app.log.warn({ err }, 'rate-limit store unavailable'))
  app.addHook('onClose', async () => {
    await redis.quit()
  })
  return redis
}

export async function rateLimits(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'preParsing',
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    ...(config.REDIS_URL === undefined
      ? {}
      : { redis: await sharedStore(app, config.REDIS_URL), nameSpace: 'qualify-rl-' }),
    // A Redis outage should not take the API down with it: requests pass uncounted until it is back.
    skipOnError: true,
    keyGenerator: (request) => request.auth?.keyId ?? `ip:${request.ip}`,
    errorResponseBuilder: (_request, context) =>
      new AppError('RATE_LIMITED', `limit of ${context.max} requests per ${context.after} reached; retry later`),
  })
}
