// Use case: who is calling: the workspace and key behind an authenticated request.
import type { Database } from '../../db/client.js'
import { findWorkspace } from '../../db/repositories/workspaces.js'
import { found } from '../../errors.js'
import type { Me } from '../../schemas/api-keys.js'
import type { AuthContext } from '../api-keys/authenticate.js'

export async function describeCaller(db: Database, auth: AuthContext): Promise<Me> {
  const workspace = found(await findWorkspace(db, auth.workspaceId), 'workspace')
  return {
    workspace: { id: workspace.id, name: workspace.name },
    key: { id: auth.keyId, prefix: auth.prefix, scopes: auth.scopes },
  }
}
