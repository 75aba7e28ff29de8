// checkRubric: every reason a rubric document cannot be used, each with a JSON pointer into it.
import { FIELD_PATH_PATTERN, FIXED_FIELD_PATHS } from './fields.js'
import { Rubric } from './rubric-schema.js'
import { semanticProblems } from './rubric-semantics.js'
import { schemaProblems, type Explain, type Problem } from './schema-errors.js'

export type { Problem } from './schema-errors.js'

const explainFieldPath: Explain = (error, value) => {
  const params = error.params as { pattern?: unknown }
  if (error.keyword !== 'pattern' || params.pattern !== FIELD_PATH_PATTERN) return undefined
  return `unknown field path ${JSON.stringify(value)}: expected one of ${FIXED_FIELD_PATHS.join(', ')}, or attributes.<key>`
}

/** An empty list means the rubric is valid. Semantic checks run once the shape is right. */
export function checkRubric(definition: unknown): Problem[] {
  const problems = schemaProblems(Rubric, definition, explainFieldPath)
  return problems.length > 0 ? problems : semanticProblems(definition as Rubric)
}
