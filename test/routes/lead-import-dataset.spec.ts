// Imports the first 1,000 leads of the public X Education dataset, mapped in this test to the import's CSV columns.
// The dataset is not in our format (see ../shared/data/README.md): CRLF lines, a trailing comma, "Select" for none.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import t from 'tap'
import { buildTestApp } from '../helper.js'

const DATASET = new URL('../../../shared/data/x_education/Leads.csv', import.meta.url)
const ROWS = 1_000

const SOURCES: Record<string, string> = {
  google: 'paid_ads',
  'pay per click ads': 'paid_ads',
  'organic search': 'web_form',
  'direct traffic': 'web_form',
  'olark chat': 'web_form',
  'live chat': 'web_form',
  'referral sites': 'referral',
  reference: 'referral',
  'welingak website': 'partner',
  facebook: 'social',
  'social media': 'social',
  blog: 'content_download',
}
const COUNTRIES: Record<string, string> = {
  India: 'IN',
  'United States': 'US',
  'United Arab Emirates': 'AE',
  'United Kingdom': 'GB',
  Australia: 'AU',
  Ghana: 'GH',
  Singapore: 'SG',
  Qatar: 'QA',
  'Saudi Arabia': 'SA',
  Russia: 'RU',
  Kuwait: 'KW',
  Oman: 'OM',
  Bahrain: 'BH',
  Belgium: 'BE',
}
// Dataset column -> attributes.<key>; "Select" (nothing chosen) and blanks become empty cells, i.e. absent.
const ATTRIBUTES: Record<string, string> = {
  'Lead Origin': 'lead_origin',
  Specialization: 'specialization',
  'What is your current occupation': 'occupation',
  'Last Activity': 'last_activity',
  City: 'city',
  TotalVisits: 'total_visits',
  'Do Not Email': 'do_not_email',
  Converted: 'converted',
}

const value = (cell: string | undefined) => (cell === undefined || cell === 'Select' ? '' : cell.trim())

function toImportCsv(records: Record<string, string>[]): string {
  const header = [
    'email',
    'source',
    'source_detail',
    'company.country',
    'attributes.country_name',
    ...Object.values(ATTRIBUTES).map((k) => `attributes.${k}`),
  ]
  const rows = records.map((r) => {
    const source = value(r['Lead Source'])
    const country = value(r.Country)
    return [
      `${r['Prospect ID']}@x-education.example`,
      source === '' ? '' : (SOURCES[source.toLowerCase()] ?? 'other'),
      source,
      COUNTRIES[country] ?? '',
      COUNTRIES[country] === undefined ? country : '',
      ...Object.keys(ATTRIBUTES).map((column) => value(r[column])),
    ]
  })
  return stringify([header, ...rows])
}

t.test(`the first ${ROWS} X Education leads import without an error`, async (t) => {
  // relax_column_count: the trailing comma gives every line a 38th, unnamed, empty cell.
  const records: Record<string, string>[] = parse(readFileSync(DATASET), {
    columns: true,
    bom: true,
    to: ROWS,
    relax_column_count: true,
  })
  t.equal(records.length, ROWS)
  const ctx = await buildTestApp(t)
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/v1/leads/import',
    payload: toImportCsv(records),
    headers: { authorization: `Bearer ${ctx.adminKey}`, 'content-type': 'text/csv' },
  })
  t.equal(res.statusCode, 200)
  const lines = res.body
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l))
  t.equal(lines.length, ROWS + 1)
  t.same(lines.at(-1), { summary: { created: ROWS, updated: 0, unchanged: 0, error: 0 } })

  const first = records[0]!
  const lead = (await ctx.call('GET', `/v1/leads?email=${first['Prospect ID']}@x-education.example`)).json().data[0]
  t.match(lead, {
    source: 'web_form',
    source_detail: 'Olark Chat',
    attributes: { lead_origin: 'API', occupation: 'Unemployed', converted: '0' },
  })
  t.notOk('specialization' in lead.attributes, '"Select" means nothing chosen')
  t.notOk('company' in lead, 'a blank country is absent')
  const indian = (await ctx.call('GET', '/v1/leads/export?format=csv&source=paid_ads')).body
    .split('\n')
    .filter((l) => l.includes(',IN,'))
  t.ok(indian.length > 100, 'countries are mapped to ISO codes')
})
