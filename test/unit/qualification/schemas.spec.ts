// The public schemas: strict, bounded, and plain JSON Schema.
import t from 'tap'
import { Value } from 'typebox/value'
import { Activity, Evaluation, LeadFacts, Rubric } from '../../../src/qualification/index.js'
import { exampleLead } from './fixtures/helpers.js'

t.test('the example lead validates', async (t) => {
  t.same(Value.Errors(LeadFacts, exampleLead), [])
})

t.test('LeadFacts rejects what it must', async (t) => {
  const bad: [string, unknown][] = [
    ['no email', { first_name: 'Ana' }],
    ['bad email', { email: 'ana' }],
    ['unknown property', { email: 'a@b.io', nickname: 'x' }],
    ['money as a float', { email: 'a@b.io', budget: { amount: 50000.5, currency: 'EUR' } }],
    ['three decimals', { email: 'a@b.io', budget: { amount: '1.005', currency: 'EUR' } }],
    ['amount without currency', { email: 'a@b.io', budget: { amount: '100' } }],
    ['lowercase country', { email: 'a@b.io', company: { country: 'de' } }],
    ['negative headcount', { email: 'a@b.io', company: { employee_count: -1 } }],
    ['fractional headcount', { email: 'a@b.io', company: { employee_count: 2.5 } }],
    ['unknown seniority', { email: 'a@b.io', seniority: 'boss' }],
    ['impossible date', { email: 'a@b.io', timeline: { purchase_by: '2027-02-30' } }],
    ['too many pain points', { email: 'a@b.io', need: { pain_points: Array.from({ length: 21 }, (_, i) => `p${i}`) } }],
    [
      'too many attributes',
      { email: 'a@b.io', attributes: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) },
    ],
    ['nested attribute', { email: 'a@b.io', attributes: { crm: { name: 'x' } } }],
    ['long attribute text', { email: 'a@b.io', attributes: { note: 'x'.repeat(501) } }],
    ['bad attribute key', { email: 'a@b.io', attributes: { 'a.b': 1 } }],
    ['empty title', { email: 'a@b.io', title: '' }],
  ]
  for (const [name, value] of bad) t.notOk(Value.Check(LeadFacts, value), name)
})

t.test('Activity', async (t) => {
  t.ok(Value.Check(Activity, { type: 'reply', direction: 'inbound', occurred_at: '2026-11-23T12:00:00Z' }))
  t.notOk(Value.Check(Activity, { type: 'hug', direction: 'inbound', occurred_at: '2026-11-23T12:00:00Z' }))
  t.notOk(Value.Check(Activity, { type: 'reply', direction: 'inbound', occurred_at: 'yesterday' }))
})

// Every string bounded, every array bounded, every object closed: what the HTTP layer relies on.
function unbounded(node: unknown, path = '#'): string[] {
  if (typeof node !== 'object' || node === null) return []
  const n = node as Record<string, unknown>
  const own: string[] = []
  if (n['type'] === 'string' && n['maxLength'] === undefined && n['const'] === undefined)
    own.push(`${path}: string without maxLength`)
  if (n['type'] === 'array' && n['maxItems'] === undefined) own.push(`${path}: array without maxItems`)
  if (n['type'] === 'object' && n['additionalProperties'] !== false) own.push(`${path}: open object`)
  return [...own, ...Object.entries(n).flatMap(([k, v]) => unbounded(v, `${path}/${k}`))]
}

t.test('schemas are strict and bounded', async (t) => {
  for (const [name, schema] of Object.entries({ LeadFacts, Activity, Rubric, Evaluation })) {
    t.same(unbounded(schema), [], name)
  }
})

t.test('schemas serialise to plain JSON Schema', async (t) => {
  const json = JSON.parse(JSON.stringify(LeadFacts)) as { properties: Record<string, unknown> }
  t.same(json.properties['seniority'], {
    enum: ['c_level', 'vp', 'director', 'manager', 'senior', 'entry', 'intern', 'other'],
  })
  t.ok(Value.Check(json as never, exampleLead), 'the serialised schema still validates')
})
