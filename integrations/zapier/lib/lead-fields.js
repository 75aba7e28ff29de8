// The lead's input fields for actions, and the API body built from them (`company__name` becomes company.name).
'use strict'

const fields = [
  { key: 'email', label: 'Email', required: true, helpText: 'The lead is found by this email, in any letter case.' },
  { key: 'first_name', label: 'First Name' },
  { key: 'last_name', label: 'Last Name' },
  { key: 'phone', label: 'Phone' },
  { key: 'title', label: 'Job Title' },
  {
    key: 'seniority',
    label: 'Seniority',
    choices: ['c_level', 'vp', 'director', 'manager', 'senior', 'entry', 'intern', 'other'],
  },
  {
    key: 'decision_role',
    label: 'Decision Role',
    choices: ['decision_maker', 'economic_buyer', 'champion', 'influencer', 'user', 'gatekeeper', 'unknown'],
  },
  {
    key: 'source',
    label: 'Source',
    choices: [
      'web_form',
      'newsletter',
      'webinar',
      'event',
      'content_download',
      'referral',
      'outbound',
      'paid_ads',
      'social',
      'partner',
      'other',
    ],
  },
  { key: 'source_detail', label: 'Source Detail' },
  { key: 'owner', label: 'Owner', helpText: 'Who works the lead: a name, an email or a user id.' },
  { key: 'company__name', label: 'Company Name' },
  { key: 'company__domain', label: 'Company Domain', helpText: 'A host name, e.g. `acme.io`.' },
  { key: 'company__industry', label: 'Company Industry', helpText: 'Lowercase free text, e.g. `software`.' },
  { key: 'company__employee_count', label: 'Company Employees', type: 'integer' },
  { key: 'company__annual_revenue', label: 'Company Annual Revenue', helpText: 'A decimal, e.g. `40000000`.' },
  { key: 'company__country', label: 'Company Country', helpText: 'ISO 3166-1 alpha-2, e.g. `DE`.' },
  { key: 'budget__status', label: 'Budget Status', choices: ['none', 'exploring', 'allocated', 'approved'] },
  { key: 'budget__amount', label: 'Budget Amount', helpText: 'A decimal, e.g. `50000.00`; needs a currency.' },
  { key: 'budget__currency', label: 'Budget Currency', helpText: 'ISO 4217, e.g. `EUR`.' },
  { key: 'need__level', label: 'Need Level', choices: ['none', 'low', 'medium', 'high', 'critical'] },
  { key: 'need__pain_points', label: 'Pain Points', list: true },
  {
    key: 'timeline__horizon',
    label: 'Timeline',
    choices: ['immediate', 'month', 'quarter', 'half_year', 'year', 'unknown'],
  },
  { key: 'timeline__purchase_by', label: 'Purchase By', helpText: 'A date, YYYY-MM-DD.' },
]

const blank = (value) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)

// Zapier may hand a mapped number over as text; the API takes no coercion, so integers are converted here.
function typed(field, value) {
  if (field.type !== 'integer' || typeof value === 'number') return value
  const number = Number(value)
  return Number.isInteger(number) ? number : value
}

/** The lead body for POST /v1/leads/upsert from the fields that were filled in. */
function leadBody(inputData) {
  const body = {}
  for (const field of fields) {
    const value = inputData[field.key]
    if (blank(value)) continue
    const path = field.key.split('__')
    const parent = path.slice(0, -1).reduce((node, part) => (node[part] ??= {}), body)
    parent[path.at(-1)] = typed(field, value)
  }
  return body
}

module.exports = { fields, leadBody }
