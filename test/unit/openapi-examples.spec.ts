// Every operation of the committed document shows an example of its request body and of each success answer, and
// every problem answer refers to the Problem component, which carries one (Spectral checks them against the schemas).
import { readFileSync } from 'node:fs'
import t from 'tap'

type Media = { example?: unknown; examples?: unknown; schema?: { $ref?: string } }
type Operation = {
  operationId: string
  requestBody?: { content: Record<string, Media> }
  responses: Record<string, { content?: Record<string, Media> }>
}

const document = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, { examples?: unknown[] }> }
}
const operations = Object.values(document.paths).flatMap((item) =>
  Object.values(item).filter((operation) => operation.responses !== undefined),
)

t.test('each request body and success answer has an example', async (t) => {
  const missing: string[] = []
  let shown = 0
  for (const operation of operations) {
    const media: [string, Media][] = Object.entries(operation.requestBody?.content ?? {}).map(([type, m]) => [
      `request ${type}`,
      m,
    ])
    for (const [status, answer] of Object.entries(operation.responses))
      if (status.startsWith('2'))
        media.push(
          ...Object.entries(answer.content ?? {}).map(([type, m]): [string, Media] => [`${status} ${type}`, m]),
        )
    for (const [where, m] of media)
      if (m.example === undefined && m.examples === undefined) missing.push(`${operation.operationId} ${where}`)
      else shown++
  }
  t.ok(operations.length >= 75, `${operations.length} operations`)
  t.ok(shown > 100, `${shown} bodies and answers with an example`)
  t.same(missing, [], 'none without one')
})

t.test('problem answers share the Problem (or BlockedProblem) component and its example', async (t) => {
  t.equal(document.components.schemas.Problem?.examples?.length, 1)
  t.equal(document.components.schemas.BlockedProblem?.examples?.length, 1)
  const elsewhere = operations.flatMap((operation) =>
    Object.entries(operation.responses)
      .filter(([status]) => /^[45]/.test(status))
      .flatMap(([status, answer]) =>
        Object.values(answer.content ?? {})
          .filter((m) => !/^#\/components\/schemas\/(Problem|BlockedProblem)$/.test(m.schema?.$ref ?? ''))
          .map(() => `${operation.operationId} ${status}`),
      ),
  )
  t.same(elsewhere, [])
})
