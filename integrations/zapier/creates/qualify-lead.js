// Action: qualify a lead with the active rubric (POST /v1/leads/{id}/qualify); a refusal names what blocks it.
'use strict'

const { apiUrl, describeProblem, problemError } = require('../lib/api')
const { lead } = require('../lib/samples')

/** "Not qualified (score 12.5, grade D): <reason>; <reason>" from the 422 problem's evaluation and blocking list. */
function blockedMessage(problem) {
  const score = problem.evaluation ? ` (score ${problem.evaluation.total}, grade ${problem.evaluation.grade})` : ''
  const reasons = (problem.blocking ?? []).map((b) => b.detail)
  return `The lead cannot be qualified${score}: ${reasons.length > 0 ? reasons.join('; ') : describeProblem(problem)}`
}

const perform = async (z, bundle) => {
  const response = await z.request({
    url: apiUrl(bundle, `/v1/leads/${encodeURIComponent(bundle.inputData.lead_id)}/qualify`),
    method: 'POST',
    body: {},
    skipThrowForStatus: true,
  })
  if (response.status === 422 && Array.isArray(response.data?.blocking))
    throw new z.errors.Error(blockedMessage(response.data), response.data.code, 422)
  if (response.status >= 400) throw problemError(response, z)
  return response.data
}

module.exports = {
  key: 'qualify_lead',
  noun: 'Lead',
  display: {
    label: 'Qualify Lead',
    description:
      'Qualifies a lead with the active rubric, creating its prospect; fails with the reasons when the rubric says no.',
  },
  operation: {
    inputFields: [{ key: 'lead_id', label: 'Lead ID', required: true, helpText: 'From a trigger or Find Lead.' }],
    perform,
    sample: {
      lead: { ...lead, status: 'qualified' },
      prospect: { id: '22222222-2222-4222-8222-222222222222', lead_id: lead.id, status: 'active' },
      qualification: { total: 81.22, grade: 'A', decision: 'qualified', blocking: [] },
      dry_run: false,
    },
    outputFields: [
      { key: 'lead__id', label: 'Lead ID' },
      { key: 'prospect__id', label: 'Prospect ID' },
      { key: 'qualification__total', label: 'Score', type: 'number' },
      { key: 'qualification__grade', label: 'Grade' },
    ],
  },
}
