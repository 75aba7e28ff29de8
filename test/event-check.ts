// Holds what a test's writes stored to the document: every event's data against the schema of its type, and every
// ledger evaluation against Evaluation, with objects closed so a field the schema does not declare fails too.
import type { Database } from '../src/db/client.js'
import { events, transitions } from '../src/db/schema.js'
import { Evaluation } from '../src/qualification/evaluation-schema.js'
import { makeAjv } from '../src/schemas/ajv.js'
import { entityOf, EVENT_DATA, type EventType } from '../src/schemas/events.js'

type Node = Record<string, unknown>

/** A copy of `schema` in which every object without its own rule for extra fields refuses them. */
export function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed)
  if (schema === null || typeof schema !== 'object') return schema
  const node = Object.fromEntries(
    Object.entries(schema as Node).map(([key, value]) => [
      key,
      key === 'const' || key === 'enum' ? value : closed(value),
    ]),
  )
  const open = 'additionalProperties' in node || 'patternProperties' in node
  return node.properties !== undefined && !open ? { ...node, additionalProperties: false } : node
}

const ajv = makeAjv({ useDefaults: false })
const checkers = new Map<string, ReturnType<typeof ajv.compile>>()
const checker = (name: string, schema: unknown) => {
  if (!checkers.has(name)) checkers.set(name, ajv.compile(closed(JSON.parse(JSON.stringify(schema))) as object))
  return checkers.get(name)!
}

/** Every stored event and ledger evaluation that does not match the document, as readable lines (none: empty). */
export async function storedMismatches(db: Database): Promise<string[]> {
  const found: string[] = []
  for (const row of await db.select().from(events)) {
    const schema = EVENT_DATA[row.type as EventType]
    if (schema === undefined) {
      found.push(`event ${row.id}: unknown type ${row.type}`)
      continue
    }
    if (row.entityType !== entityOf(row.type as EventType))
      found.push(`event ${row.id} (${row.type}): entity_type ${row.entityType}`)
    const check = checker(row.type, schema)
    if (!check(row.payload)) found.push(`event ${row.id} (${row.type}): ${ajv.errorsText(check.errors)}`)
  }
  const evaluation = checker('Evaluation', Evaluation)
  for (const row of await db.select().from(transitions))
    if (row.evaluation !== null && !evaluation(row.evaluation))
      found.push(`ledger ${row.id} (${row.entityType} ${row.action}): ${ajv.errorsText(evaluation.errors)}`)
  return found
}
