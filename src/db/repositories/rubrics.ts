// Rubric versions: immutable rows; activation moves the single `active` flag of a workspace.
import { and, desc, eq, max } from 'drizzle-orm'
import type { Db } from '../client.js'
import { announceInvalidation } from './invalidations.js'
import { rubricVersions } from '../schema.js'

export type RubricVersionRow = typeof rubricVersions.$inferSelect
export type NewRubricVersion = typeof rubricVersions.$inferInsert

export async function insertRubricVersion(db: Db, row: NewRubricVersion, now: Date): Promise<RubricVersionRow> {
  const [inserted] = await db
    .insert(rubricVersions)
    .values({ ...row, createdAt: now })
    .returning()
  return inserted!
}

export async function latestVersionNumber(db: Db, workspaceId: string, rubricId: string): Promise<number | undefined> {
  const [row] = await db
    .select({ v: max(rubricVersions.version) })
    .from(rubricVersions)
    .where(and(eq(rubricVersions.workspaceId, workspaceId), eq(rubricVersions.rubricId, rubricId)))
  return row?.v ?? undefined
}

export async function findActiveRubric(db: Db, workspaceId: string): Promise<RubricVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(rubricVersions)
    .where(and(eq(rubricVersions.workspaceId, workspaceId), eq(rubricVersions.active, true)))
  return row
}

/** One version, or the newest when `version` is not given. */
export async function findRubricVersion(
  db: Db,
  workspaceId: string,
  rubricId: string,
  version?: number,
): Promise<RubricVersionRow | undefined> {
  const [row] = await db
    .select()
    .from(rubricVersions)
    .where(
      and(
        eq(rubricVersions.workspaceId, workspaceId),
        eq(rubricVersions.rubricId, rubricId),
        ...(version === undefined ? [] : [eq(rubricVersions.version, version)]),
      ),
    )
    .orderBy(desc(rubricVersions.version))
    .limit(1)
  return row
}

export async function listRubricVersions(db: Db, workspaceId: string, rubricId?: string): Promise<RubricVersionRow[]> {
  return db
    .select()
    .from(rubricVersions)
    .where(
      and(
        eq(rubricVersions.workspaceId, workspaceId),
        ...(rubricId === undefined ? [] : [eq(rubricVersions.rubricId, rubricId)]),
      ),
    )
    .orderBy(desc(rubricVersions.createdAt), desc(rubricVersions.version))
}

export async function activateRubricVersion(
  db: Db,
  workspaceId: string,
  rubricId: string,
  version: number,
): Promise<void> {
  await db
    .update(rubricVersions)
    .set({ active: false })
    .where(and(eq(rubricVersions.workspaceId, workspaceId), eq(rubricVersions.active, true)))
  await db
    .update(rubricVersions)
    // Activating a draft is the person's decision that makes it a rubric like any other.
    .set({ active: true, draft: false })
    .where(
      and(
        eq(rubricVersions.workspaceId, workspaceId),
        eq(rubricVersions.rubricId, rubricId),
        eq(rubricVersions.version, version),
      ),
    )
  await announceInvalidation(db, rubricChanged(workspaceId))
}

export const rubricChanged = (workspaceId: string) => `rubric:${workspaceId}`
