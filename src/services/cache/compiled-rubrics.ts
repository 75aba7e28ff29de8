// Compiled rubrics per stored version. A version never changes once created, so an entry never goes stale and needs
// no invalidation; the bound only caps memory, dropping the least recently used version first.
import { compileRubric, type CompiledRubric, type Rubric } from '../../qualification/index.js'

const MAX_VERSIONS = 256

export class CompiledRubrics {
  readonly #entries = new Map<string, CompiledRubric>()

  constructor(private readonly max = MAX_VERSIONS) {}

  /** The compiled form of the workspace's rubric version, compiling `definition` on a miss. */
  of(key: { workspaceId: string; rubricId: string; version: number }, definition: Rubric): CompiledRubric {
    const id = `${key.workspaceId}/${key.rubricId}/${key.version}`
    let compiled = this.#entries.get(id)
    if (compiled === undefined) compiled = compileRubric(definition)
    else this.#entries.delete(id)
    if (this.#entries.size >= this.max) this.#entries.delete(this.#entries.keys().next().value!)
    this.#entries.set(id, compiled)
    return compiled
  }

  clear(): void {
    this.#entries.clear()
  }

  get size(): number {
    return this.#entries.size
  }
}
