// Answers are written without a validator (src/plugins/serialization.ts): every answer schema of the committed
// document, rewritten for the serializer, has no union left to decide with Ajv, and writes its examples as the schema
// as declared does.
import { readFileSync } from 'node:fs'
import SerializerSelector from '@fastify/fast-json-stringify-compiler'
import t from 'tap'
import { lazySerializers, serializable } from '../../src/plugins/serialization.js'

type Node = Record<string, unknown>
type Media = { schema: Node; example?: unknown; examples?: Record<string, { value: unknown }> }

const document = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as {
  paths: Record<
    string,
    Record<string, { operationId: string; responses?: Record<string, { content?: Record<string, Media> }> }>
  >
  components: { schemas: Record<string, unknown> }
}

/** The schema with every component reference replaced by the component, as the routes declare it in process. */
function inline(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(inline)
  if (typeof node !== 'object' || node === null) return node
  const { $ref, ...rest } = node as Node
  const own = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, key === 'example' ? value : inline(value)]),
  )
  if (typeof $ref !== 'string') return own
  return { ...(inline(document.components.schemas[$ref.replace('#/components/schemas/', '')]) as Node), ...own }
}

const unions = (node: unknown, at = ''): string[] => {
  if (Array.isArray(node)) return node.flatMap((item, i) => unions(item, `${at}/${i}`))
  if (typeof node !== 'object' || node === null) return []
  return Object.entries(node).flatMap(([key, value]) =>
    ['anyOf', 'oneOf', 'if'].includes(key) ? [`${at}/${key}`] : unions(value, `${at}/${key}`),
  )
}

const answers = Object.values(document.paths).flatMap((item) =>
  Object.values(item).flatMap((operation) =>
    Object.entries(operation.responses ?? {}).flatMap(([status, answer]) =>
      Object.entries(answer.content ?? {})
        .filter(([type]) => type.endsWith('json'))
        .map(([type, media]) => ({ where: `${operation.operationId} ${status} ${type}`, status, media })),
    ),
  ),
)

t.test('no answer schema keeps a union the serializer would check with a validator', async (t) => {
  const left = answers.flatMap(({ where, media }) =>
    unions(serializable(inline(media.schema))).map((at) => `${where}: ${at}`),
  )
  t.ok(answers.length > 150, `${answers.length} answers`)
  t.same(left, [])
})

t.test('each documented example is written as the schema as declared writes it (key order aside)', async (t) => {
  const rewritten = lazySerializers()({}, {})
  const declared = SerializerSelector()({}, {})
  let written = 0
  for (const { where, status, media } of answers) {
    const examples = [media.example, ...Object.values(media.examples ?? {}).map((e) => e.value)].filter(
      (example) => example !== undefined,
    )
    const route = { schema: inline(media.schema), method: 'GET', url: where, httpStatus: status }
    const [fast, reference] = [rewritten(route), declared(route)]
    for (const example of examples) {
      t.strictSame(JSON.parse(fast(example)), JSON.parse(reference(example)), where)
      written++
    }
  }
  t.ok(written > 70, `${written} examples`)
})
