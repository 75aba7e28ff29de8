// Drizzle tables. Every business table carries workspace_id and every unique key and index leads with it.
import { sql } from 'drizzle-orm'
import { integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

export const workspaces = pgTable('workspaces', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  createdAt: createdAt()
})

// Looked up by hash before the workspace is known, so its hash index is global (a reference table if sharded).
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  name: text('name').notNull(),
  prefix: text('prefix').notNull(),
  keyHash: text('key_hash').notNull(),
  scopes: text('scopes').array().notNull(),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true })
}, (t) => [
  uniqueIndex('api_keys_key_hash_uq').on(t.keyHash),
  uniqueIndex('api_keys_workspace_id_uq').on(t.workspaceId, t.id)
])

export const idempotencyKeys = pgTable('idempotency_keys', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  key: text('key').notNull(),
  requestHash: text('request_hash').notNull(),
  state: text('state', { enum: ['running', 'done'] }).notNull(),
  responseStatus: integer('response_status'),
  responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
  responseBody: text('response_body'),
  createdAt: createdAt(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull().default(sql`now() + interval '24 hours'`)
}, (t) => [primaryKey({ columns: [t.workspaceId, t.key] })])
