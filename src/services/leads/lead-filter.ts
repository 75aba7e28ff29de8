// The list filters of a lead query, as the repository takes them (the list and the export share them).
import type { LeadFilter } from '../../db/repositories/leads.js'
import type { LeadQuery } from '../../schemas/leads.js'

export const leadFilter = (q: Omit<LeadQuery, 'limit' | 'starting_after'>): LeadFilter => ({
  status: q.status,
  source: q.source,
  grade: q.grade,
  scoreMin: q.score_min,
  scoreMax: q.score_max,
  owner: q.owner,
  email: q.email,
  createdSince: q.created_since,
  updatedSince: q.updated_since,
})
