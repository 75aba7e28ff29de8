// Use case: score a lead now (or as of a past time) with the active rubric; nothing is stored.
import type { Db } from '../../db/client.js'
import { findLead } from '../../db/repositories/leads.js'
import { found } from '../../errors.js'
import type { Evaluation } from '../../qualification/index.js'
import { scoreLead } from './score-lead.js'
import type { CompiledRubrics } from '../cache/compiled-rubrics.js'

export async function getLeadQualification(
  db: Db,
  compiled: CompiledRubrics,
  workspaceId: string,
  id: string,
  asOf: Date,
): Promise<Evaluation> {
  return scoreLead(db, compiled, found(await findLead(db, workspaceId, id), 'lead'), asOf)
}
