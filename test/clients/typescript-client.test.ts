// The generated TypeScript client against the real service over a socket: the README's lead -> prospect ->
// opportunity story, a typed 422 with its blocking list and a typed 409; and its types match the committed document.
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { clientTypes, typesPath } from '../../clients/typescript/generate.js'
import { isBlocked, qualifyClient } from '../../clients/typescript/index.js'
import { exampleLead } from '../fixtures.js'
import { buildTestApp } from '../helper.js'

t.test('clients/typescript/schema.d.ts is up to date (npm run openapi)', async (t) => {
  t.equal(readFileSync(typesPath, 'utf8'), await clientTypes(), 'run npm run openapi and commit the result')
})

t.test('the story through the typed client', async (t) => {
  const ctx = await buildTestApp(t)
  await ctx.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = ctx.app.server.address() as AddressInfo
  const api = qualifyClient(`http://127.0.0.1:${port}`, ctx.adminKey)

  const created = await api.POST('/v1/leads', { body: { ...exampleLead, email: 'ana@acme.io' } })
  t.equal(created.response.status, 201)
  const lead = created.data!
  t.equal(lead.email, 'ana@acme.io')

  const again = await api.POST('/v1/leads', { body: { email: 'ana@acme.io' } })
  t.equal(again.response.status, 409)
  t.equal(again.error?.code, 'DUPLICATE_LEAD', 'a typed 409 problem')

  const bare = (await api.POST('/v1/leads', { body: { email: 'bare@nowhere.example' } })).data!
  const blocked = await api.POST('/v1/leads/{id}/qualify', { params: { path: { id: bare.id } }, body: {} })
  t.equal(blocked.response.status, 422)
  if (!isBlocked(blocked.error)) throw new Error(`not a blocked problem: ${JSON.stringify(blocked.error)}`)
  const codes = blocked.error.blocking.map((b) => b.code)
  t.ok(codes.includes('total_below_threshold'), `a typed blocking list: ${codes.join(', ')}`)
  t.equal(blocked.error.evaluation?.decision, 'nurture')

  const occurred_at = new Date().toISOString()
  await api.POST('/v1/leads/{id}/activities', {
    params: { path: { id: lead.id } },
    body: { type: 'reply', direction: 'inbound', occurred_at },
  })
  const qualified = await api.POST('/v1/leads/{id}/qualify', { params: { path: { id: lead.id } }, body: {} })
  t.equal(qualified.response.status, 200, JSON.stringify(qualified.error))
  const prospect = qualified.data!.prospect
  await api.POST('/v1/prospects/{id}/stakeholders', {
    params: { path: { id: prospect.id } },
    body: { name: 'Ana Ruiz', email: 'ana@acme.io', role: 'economic_buyer' },
  })
  const converted = await api.POST('/v1/prospects/{id}/convert', {
    params: { path: { id: prospect.id } },
    body: { name: 'Acme rollout', amount: '48000.00', currency: 'EUR' },
  })
  const opportunity = converted.data!.opportunity
  t.equal(opportunity.stage, 'prospecting')
  const won = await api.POST('/v1/opportunities/{id}/win', { params: { path: { id: opportunity.id } }, body: {} })
  t.equal(won.data?.opportunity.stage, 'closed_won')
})
