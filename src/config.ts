// Service configuration: one TypeBox schema for the environment; the Config type is derived from it.
import { Type, type Static } from 'typebox'
import { Value } from 'typebox/value'

export const ConfigSchema = Type.Object(
  {
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
    HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
    DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
    DATA_DIR: Type.String({ minLength: 1, default: './data' }),
    LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
    BOOTSTRAP_API_KEY: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
    RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 600 }),
    RATE_LIMIT_WINDOW_MS: Type.Integer({ minimum: 1000, default: 60_000 }),
    AUTH_FAILURE_MAX: Type.Integer({ minimum: 1, default: 20 }),
    AUTH_FAILURE_WINDOW_MS: Type.Integer({ minimum: 1000, default: 60_000 }),
    TRUST_PROXY: Type.Boolean({ default: false }),
    REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
    WEBHOOK_WORKER: Type.Boolean({ default: true }),
    WEBHOOK_POLL_MS: Type.Integer({ minimum: 50, default: 1000 }),
    WEBHOOK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
    // Base64 32-byte keys, comma-separated: the first encrypts webhook secrets, all decrypt (rotation).
    WEBHOOK_SECRET_KEYS: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]{43}=(,[A-Za-z0-9+/]{43}=)*$' })),
    WEBHOOK_ALLOW_LOOPBACK: Type.Boolean({ default: false }),
    AUTH_CACHE_TTL_MS: Type.Integer({ minimum: 0, maximum: 300_000, default: 10_000 }),
    RUBRIC_CACHE_TTL_MS: Type.Integer({ minimum: 0, maximum: 300_000, default: 10_000 }),
    JOB_CHUNK_SIZE: Type.Integer({ minimum: 1, maximum: 10_000, default: 500 }),
    JOB_POLL_MS: Type.Integer({ minimum: 50, default: 5_000 }),
    RESCORE_CHECK_MS: Type.Integer({ minimum: 1_000, default: 3_600_000 }),
    KEY_USAGE_FLUSH_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 5_000 }),
  },
  { additionalProperties: true },
)

export type Config = Static<typeof ConfigSchema>

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads the settings this service knows from `env`, applying defaults; throws naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const known = Object.keys(ConfigSchema.properties)
  const picked: Record<string, unknown> = {}
  for (const name of known) {
    const value = env[name]
    if (value !== undefined && value !== '') picked[name] = value
  }
  const withDefaults = Value.Default(ConfigSchema, Value.Convert(ConfigSchema, picked))
  const errors = [...Value.Errors(ConfigSchema, withDefaults)]
  if (errors.length > 0) {
    const lines = errors.map(
      (e) =>
        `${e.instancePath.slice(1) || 'environment'}: ${e.message} (got ${JSON.stringify(picked[e.instancePath.slice(1)])})`,
    )
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return withDefaults as Config
}
