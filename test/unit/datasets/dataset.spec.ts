// Streamed labelled datasets: column mappings (targets, value maps, null values, types, constants) and per-row reports.
import { Readable } from 'node:stream'
import t from 'tap'
import { Type } from 'typebox'
import { AppError } from '../../../src/errors.js'
import { LeadFacts } from '../../../src/qualification/index.js'
import { BODY_OPTIONS, compileChecked, makeAjv } from '../../../src/schemas/ajv.js'
import type { ColumnMappingDefinition } from '../../../src/schemas/column-mappings.js'
import { openDataset, type DatasetFormat } from '../../../src/services/datasets/dataset.js'

const Row = Type.Object(
  { lead: LeadFacts, as_of: Type.String({ format: 'date-time' }), outcome: Type.Enum(['won', 'lost']) },
  { additionalProperties: false },
)
const check = compileChecked<unknown>(makeAjv(BODY_OPTIONS), Row)

async function read(format: DatasetFormat, text: string, mapping?: ColumnMappingDefinition) {
  const dataset = await openDataset(Readable.from([text]), { format, purpose: 'labelled', check, mapping })
  const rows: unknown[] = []
  for await (const row of dataset.rows) rows.push(row)
  return { rows, tally: dataset.tally }
}

const AS_OF = '2026-01-01T00:00:00Z'

t.test('CSV without a mapping: the lead import’s dotted columns plus outcome and as_of', async (t) => {
  const csv = [
    'email,company.employee_count,attributes.visits,outcome,as_of',
    `a@x.io,250,7,won,${AS_OF}`,
    `b@x.io,,,lost,${AS_OF}`,
  ].join('\n')
  const { rows, tally } = await read('csv', csv)
  t.same(rows, [
    {
      lead: { email: 'a@x.io', company: { employee_count: 250 }, attributes: { visits: '7' } },
      outcome: 'won',
      as_of: AS_OF,
    },
    { lead: { email: 'b@x.io' }, outcome: 'lost', as_of: AS_OF },
  ])
  t.same(tally, { read: 2, skipped: 0, used: 2, problems: [] })
})

t.test('bad rows are skipped with their line and reason; the rest is used', async (t) => {
  const csv = [
    'email,company.employee_count,outcome,as_of',
    `a@x.io,250,won,${AS_OF}`,
    `b@x.io,many,lost,${AS_OF}`,
    `c@x.io,3,,${AS_OF}`,
    `d@x.io,3,maybe,${AS_OF}`,
    `e@x.io,3,lost`,
    `f@x.io,3,lost,yesterday`,
  ].join('\n')
  const { rows, tally } = await read('csv', csv)
  t.equal(rows.length, 1)
  t.equal(tally.read, 6)
  t.equal(tally.skipped, 5)
  t.equal(tally.used, 1)
  t.same(
    tally.problems.map((p) => p.line),
    [3, 4, 5, 6, 7],
  )
  t.match(tally.problems[0]!.detail, /company.employee_count.*"many" is not a number/)
  t.match(tally.problems[1]!.detail, /\/outcome is required/)
  t.match(tally.problems[2]!.detail, /\/outcome must be equal to one of/)
  t.match(tally.problems[3]!.detail, /4 cells; the header has 4|3 cells/)
  t.match(tally.problems[4]!.detail, /\/as_of must match format/)
})

t.test('a header the mapping does not fit is a 400 naming the column', async (t) => {
  const fails = async (csv: string, pattern: RegExp, mapping?: ColumnMappingDefinition) => {
    const error = await read('csv', csv, mapping).catch((e: unknown) => e)
    t.ok(error instanceof AppError && error.code === 'VALIDATION_FAILED', String(error))
    t.match((error as AppError).detail, pattern)
  }
  await fails(`email,colour,outcome,as_of\na@x.io,red,won,${AS_OF}`, /unknown target "colour"/)
  await fails(`email,as_of\na@x.io,${AS_OF}`, /no column \(or constant\) gives "outcome"/)
  await fails('Name,Converted\nA,1', /"Name" is not in the mapping/, { columns: { Converted: 'outcome' } })
  await fails('Name\nA', /"attributes.bad-key"|must match/, { columns: { Name: 'attributes.bad-key' } })
})

t.test('a mapping: value maps, null values, typed attributes, templates and constants', async (t) => {
  const mapping: ColumnMappingDefinition = {
    columns: {
      'Lead Number': { to: 'email', template: 'lead-{value}@example.com' },
      Converted: { to: 'outcome', values: { '1': 'won', '0': 'lost' } },
      TotalVisits: { to: 'attributes.total_visits', type: 'number' },
      'Do Not Email': { to: 'attributes.do_not_email', type: 'boolean' },
      Specialization: 'attributes.specialization',
      Noise: 'ignore',
    },
    null_values: ['Select'],
    constants: { as_of: AS_OF },
    unmapped: 'ignore',
  }
  const csv = [
    'Lead Number,Converted,TotalVisits,Do Not Email,Specialization,Noise,Other,',
    '660737,0,5,No,Select,x,y,',
    '660728,1,,Yes,Finance Management,x,y,',
    '660727,1,lots,Yes,Finance Management,x,y,',
  ].join('\r\n')
  const { rows, tally } = await read('csv', csv, mapping)
  t.same(rows, [
    {
      lead: { email: 'lead-660737@example.com', attributes: { total_visits: 5, do_not_email: false } },
      outcome: 'lost',
      as_of: AS_OF,
    },
    {
      lead: {
        email: 'lead-660728@example.com',
        attributes: { do_not_email: true, specialization: 'Finance Management' },
      },
      outcome: 'won',
      as_of: AS_OF,
    },
  ])
  t.same(tally.problems, [{ line: 4, detail: 'column "TotalVisits": "lots" is not a number' }])
})

t.test('NDJSON rows: unknown fields and wrong types are reported, blank lines ignored', async (t) => {
  const good = { lead: { email: 'a@x.io' }, as_of: AS_OF, outcome: 'won' }
  const ndjson = [
    JSON.stringify(good),
    '',
    JSON.stringify({ ...good, colour: 'red' }),
    JSON.stringify({ ...good, lead: { email: 'a@x.io', company: { employee_count: 'ten' } } }),
    '{not json',
  ].join('\n')
  const { rows, tally } = await read('ndjson', ndjson)
  t.same(rows, [good])
  t.same(
    tally.problems.map((p) => p.line),
    [3, 4, 5],
  )
  t.match(tally.problems[0]!.detail, '/colour is not an allowed field')
  t.match(tally.problems[1]!.detail, '/lead/company/employee_count must be integer')
  t.match(tally.problems[2]!.detail, 'not valid JSON')
})

t.test('only the first ten reasons are kept, every skipped row is counted', async (t) => {
  const ndjson = Array.from({ length: 25 }, () => '{}').join('\n')
  const { tally } = await read('ndjson', ndjson)
  t.equal(tally.skipped, 25)
  t.equal(tally.problems.length, 10)
})
