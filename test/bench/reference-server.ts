// The yardstick of `npm run bench compare`: what a user could write by hand. Plain Fastify + pg, the service's own
// TypeBox shapes and validator for the body and the answer, and just the SQL: one SELECT by id, one INSERT. No auth, no ledger.
// Run as a child process: `tsx test/bench/reference-server.ts` with DATABASE_URL, PORT and WORKSPACE_ID set.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify from 'fastify'
import pg from 'pg'
import { Type } from 'typebox'
import { strictValidation } from '../../src/plugins/validation.js'
import { IdParams } from '../../src/schemas/common.js'
import { Lead, LeadInput } from '../../src/schemas/leads.js'

const FACTS = [
  'email',
  'first_name',
  'last_name',
  'phone',
  'title',
  'seniority',
  'decision_role',
  'company',
  'source',
  'source_detail',
  'budget',
  'need',
  'timeline',
  'attributes',
  'owner',
] as const

type Row = Record<string, unknown> & { id: string; status: string; version: number; created_at: Date; updated_at: Date }

function view(row: Row): Lead {
  const out: Record<string, unknown> = {
    id: row.id,
    status: row.status,
    score: null,
    version: row.version,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  }
  for (const field of FACTS) if (row[field] !== null) out[field] = row[field]
  return out as Lead
}

const columns = FACTS.join(', ')
const placeholders = FACTS.map((_, i) => `$${i + 2}`).join(', ')
const insert = `insert into leads (workspace_id, ${columns}) values ($1, ${placeholders}) returning *`

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
const workspaceId = process.env.WORKSPACE_ID
const app = Fastify().withTypeProvider<TypeBoxTypeProvider>()
// The service's validator (JSON Schema 2020-12, no coercion of bodies), so both check a body the same way.
strictValidation(app)

app.get('/health', async () => ({ status: 'ok' }))

app.get(
  '/v1/leads/:id',
  { schema: { params: IdParams, response: { 200: Lead, 404: Type.Null() } } },
  async (request, reply) => {
    const { rows } = await pool.query<Row>({
      name: 'lead-by-id',
      text: 'select * from leads where workspace_id = $1 and id = $2',
      values: [workspaceId, request.params.id],
    })
    if (rows[0] === undefined) return reply.code(404).send(null)
    return view(rows[0])
  },
)

app.post('/v1/leads', { schema: { body: LeadInput, response: { 201: Lead } } }, async (request, reply) => {
  const body = request.body as Record<string, unknown>
  const values = FACTS.map((f) => {
    const value = body[f] ?? null
    return typeof value === 'object' && value !== null ? JSON.stringify(value) : value
  })
  const { rows } = await pool.query<Row>({ name: 'insert-lead', text: insert, values: [workspaceId, ...values] })
  return reply.code(201).send(view(rows[0]!))
})

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
