// Use case: store a new rubric, or a new immutable version of one, from a document or a template; maybe activate it.
import { insertJob } from '../../db/repositories/jobs.js'
import { randomUUID } from 'node:crypto'
import type { TtlCache } from '../cache/ttl-cache.js'
import type { ScoringRubric } from './scoring-rubric.js'
import type { Database, Db } from '../../db/client.js'
import {
  activateRubricVersion,
  findRubricVersion,
  insertRubricVersion,
  latestVersionNumber,
} from '../../db/repositories/rubrics.js'
import { lockWorkspace } from '../../db/repositories/workspaces.js'
import { AppError, found } from '../../errors.js'
import { templates, type Rubric, type TemplateKey } from '../../qualification/index.js'
import { assertValidRubric } from './check.js'
import { rubricView, type RubricView } from './rubric-view.js'

export interface NewRubricVersion {
  rubric_id?: string | undefined
  template?: TemplateKey | undefined
  definition?: unknown
  activate?: boolean | undefined
}

function definitionOf(input: NewRubricVersion): Rubric {
  if ((input.template === undefined) === (input.definition === undefined)) {
    throw new AppError('VALIDATION_FAILED', 'give exactly one of "definition" or "template"', {
      errors: [{ pointer: '/definition', in: 'body', detail: 'give exactly one of "definition" or "template"' }],
    })
  }
  return input.template === undefined
    ? assertValidRubric(input.definition, '/definition')
    : templates[input.template].definition
}

/** Inserts the version inside an open transaction; used by workspace creation too. */
export async function insertVersion(
  tx: Db,
  workspaceId: string,
  rubricId: string,
  definition: Rubric,
  by: { keyId: string | null; now: Date },
  activate: boolean,
  learned: { draft: boolean; fit: Record<string, unknown> } | undefined = undefined,
) {
  const version = ((await latestVersionNumber(tx, workspaceId, rubricId)) ?? 0) + 1
  const row = await insertRubricVersion(
    tx,
    {
      workspaceId,
      rubricId,
      version,
      name: definition.name,
      description: definition.description ?? null,
      definition,
      createdByKeyId: by.keyId,
      ...learned,
    },
    by.now,
  )
  if (!activate) return row
  await activateRubricVersion(tx, workspaceId, rubricId, version)
  return { ...row, active: true }
}

export async function createRubricVersion(
  db: Database,
  rubrics: TtlCache<ScoringRubric>,
  workspaceId: string,
  keyId: string,
  input: NewRubricVersion,
  now: Date,
): Promise<RubricView> {
  const definition = definitionOf(input)
  const view = await db.transaction(async (tx) => {
    // Version numbers are handed out one at a time per workspace.
    await lockWorkspace(tx, workspaceId)
    if (input.rubric_id !== undefined) found(await findRubricVersion(tx, workspaceId, input.rubric_id), 'rubric')
    const row = await insertVersion(
      tx,
      workspaceId,
      input.rubric_id ?? randomUUID(),
      definition,
      { keyId, now },
      input.activate === true,
    )
    // As on activation: stored scores were made with the previous version.
    if (input.activate === true) await insertJob(tx, workspaceId, 'rescore', 'activation')
    return rubricView(row)
  })
  if (input.activate === true) rubrics.delete(workspaceId)
  return view
}
