// Use case: create a workspace with an admin key and the default rubric active.
import type { Database, Db } from '../../db/client.js'
import { countAllKeys } from '../../db/repositories/api-keys.js'
import { insertWorkspace, lockBootstrap, type WorkspaceRow } from '../../db/repositories/workspaces.js'
import { randomUUID } from 'node:crypto'
import { DEFAULT_TEMPLATE, templates } from '../../qualification/index.js'
import { createApiKey } from '../api-keys/create-api-key.js'
import { insertVersion } from '../rubrics/create-rubric-version.js'

export interface NewWorkspace {
  workspace: WorkspaceRow
  key: string
  keyId: string
}

/** Call inside a transaction: the workspace, its key and its rubric exist together or not at all. */
export async function createWorkspace(
  db: Db,
  name: string,
  adminKey?: string,
  now = new Date(),
): Promise<NewWorkspace> {
  const workspace = await insertWorkspace(db, name, now)
  const { id, key } = await createApiKey(db, workspace.id, { name: 'admin', scopes: ['admin'] }, now, adminKey)
  const definition = templates[DEFAULT_TEMPLATE].definition
  await insertVersion(db, workspace.id, randomUUID(), definition, { keyId: null, now }, true)
  return { workspace, key, keyId: id }
}

/**
 * On an empty database, creates the default workspace and its admin key (the given one, or a new random one).
 * Returns undefined when keys already exist.
 */
export async function bootstrapWorkspace(
  db: Database,
  bootstrapKey: string | undefined,
): Promise<NewWorkspace | undefined> {
  return db.transaction(async (tx) => {
    await lockBootstrap(tx)
    if ((await countAllKeys(tx)) > 0) return undefined
    return createWorkspace(tx, 'Default workspace', bootstrapKey)
  })
}
