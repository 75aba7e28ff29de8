// Per-key rate limits with @fastify/rate-limit, counted after authentication so each key has its own budget.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../config.js'
import { AppError } from '../errors.js'

export async function rateLimits (app: FastifyInstance, config: Config): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'preParsing',
    max: config.RATE_LIMIT_MAX,
    timeWindow: config.RATE_LIMIT_WINDOW_MS,
    keyGenerator: (request) => request.auth?.keyId ?? `ip:${request.ip}`,
    errorResponseBuilder: (_request, context) => new AppError('RATE_LIMITED', `limit of ${context.max} requests per ${context.after} reached; retry later`)
  })
}
