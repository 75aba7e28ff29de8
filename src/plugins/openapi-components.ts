// Moves every schema with a `title` (the TypeBox schemas name themselves) into components.schemas and refers to it
// with $ref, so generated clients get one named type per resource instead of shapes buried in paths.
import { isDeepStrictEqual } from 'node:util'
import type { OpenAPIV3_1 as OA } from 'openapi-types'
import { DEFERRED } from '../schemas/common.js'

type Node = Record<string, unknown>

/** Keywords whose values are data, not schemas: a `title` field in an example names nothing. */
const DATA = new Set(['enum', 'const', 'default', 'example', 'examples'])

const isNode = (value: unknown): value is Node => value !== null && typeof value === 'object'

class Components {
  constructor(readonly schemas: Record<string, Node>) {}

  /** A $ref to the component `name`, stored on first sight; a different shape under a taken name is a bug. */
  refer(name: string, schema: Node): Node {
    const { description, [DEFERRED]: deferred, ...shape } = schema
    const known = this.schemas[name]
    if (known === undefined) this.schemas[name] = description === undefined ? shape : { ...shape, description }
    else if (!isDeepStrictEqual({ ...known, description: undefined }, { ...shape, description: undefined }))
      throw new Error(`two different schemas are titled ${name}`)
    return {
      $ref: `#/components/schemas/${name}`,
      ...(description === undefined || description === this.schemas[name]!.description ? {} : { description }),
      ...(deferred === undefined ? {} : { [DEFERRED]: deferred }),
    }
  }

  hoist(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.hoist(item))
    if (!isNode(value)) return value
    const inner = Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, DATA.has(key) ? child : this.hoist(child)]),
    )
    return typeof inner.title === 'string' && !('$ref' in inner) ? this.refer(inner.title, inner) : inner
  }
}

/** Hoists the titled schemas of request bodies, parameters, responses and existing components. */
export function hoistComponents(document: OA.Document): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, Node>
  const components = new Components(schemas)
  for (const [name, schema] of Object.entries(schemas)) {
    const { title, ...rest } = schema
    schemas[name] = { ...(components.hoist(rest) as Node), ...(title === undefined ? {} : { title }) }
  }
  document.paths = components.hoist(document.paths) as OA.PathsObject
  document.components = { ...document.components, schemas: schemas as Record<string, OA.SchemaObject> }
}
