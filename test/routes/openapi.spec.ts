// The committed OpenAPI document is what the app serves, and every operation is fully described.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { generateOpenApi } from '../../src/openapi-cli.js'
import { buildTestApp } from '../helper.js'

const committed = readFileSync('openapi/openapi.json', 'utf8')

t.test('openapi/openapi.json is up to date (npm run openapi)', async (t) => {
  t.equal(await generateOpenApi(), committed)
})

t.test('the served document is the committed one', async (t) => {
  const ctx = await buildTestApp(t)
  const served = await ctx.call('GET', '/openapi.json', { key: null })
  t.same(served.json(), JSON.parse(committed))
})

t.test('every operation has an id, summary, tags, and problem responses', async (t) => {
  const doc = JSON.parse(committed)
  const operations = Object.entries(doc.paths as Record<string, Record<string, Record<string, any>>>).flatMap(
    ([path, item]) => Object.entries(item).map(([method, op]) => ({ name: `${method} ${path}`, op })),
  )
  t.ok(operations.length > 0)
  const ids = new Set<string>()
  for (const { name, op } of operations) {
    t.type(op.operationId, 'string', `${name} operationId`)
    t.notOk(ids.has(op.operationId), `${name} operationId is unique`)
    ids.add(op.operationId)
    t.ok(op.summary, `${name} summary`)
    t.ok(op.tags?.length, `${name} tags`)
    t.ok(op.responses['500']?.content?.['application/problem+json'], `${name} documents its problem responses`)
    const open = Array.isArray(op.security) && op.security.length === 0
    if (!open) t.ok(op.responses['401'], `${name} documents 401`)
  }
})

t.test('every operation says which scope it needs, in x-required-scope and in its description', async (t) => {
  const doc = JSON.parse(committed)
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Record<string, any>>>)) {
    for (const [method, op] of Object.entries(item)) {
      const name = `${method} ${path}`
      const open = Array.isArray(op.security) && op.security.length === 0
      if (open) {
        t.equal(op['x-required-scope'], undefined, `${name} is open`)
        t.match(op.description, /^Open without an API key\./, `${name} says it is open`)
        continue
      }
      t.ok(['read', 'write', 'admin'].includes(op['x-required-scope']), `${name} x-required-scope`)
      t.match(op.description, new RegExp(`^Needs an API key with the \`${op['x-required-scope']}\` scope`), name)
    }
  }
})
