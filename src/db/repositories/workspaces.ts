// Workspace rows.
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../client.js'
import { workspaces } from '../schema.js'

export type WorkspaceRow = typeof workspaces.$inferSelect

export async function insertWorkspace(db: Db, name: string, now: Date): Promise<WorkspaceRow> {
  const [row] = await db.insert(workspaces).values({ name, createdAt: now }).returning()
  return row!
}

export async function findWorkspace(db: Db, id: string): Promise<WorkspaceRow | undefined> {
  const [row] = await db.select().from(workspaces).where(eq(workspaces.id, id))
  return row
}

/** Serialises workspace-wide decisions (such as "is this the last admin key?") behind the workspace row. */
export async function lockWorkspace(db: Db, id: string): Promise<void> {
  await db.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, id)).for('update')
}

// Any constant will do: it stops two instances starting together from both bootstrapping.
const BOOTSTRAP_LOCK = 4_711_043

/** Held until the transaction ends: one process at a time decides whether the database needs its first workspace. */
export async function lockBootstrap(db: Db): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`)
}

export async function setStageSettings(db: Db, id: string, settings: Record<string, unknown>): Promise<void> {
  await db.update(workspaces).set({ stageSettings: settings }).where(eq(workspaces.id, id))
}

export async function setScoreSettings(db: Db, id: string, settings: Record<string, unknown>): Promise<void> {
  await db.update(workspaces).set({ scoreSettings: settings }).where(eq(workspaces.id, id))
}
