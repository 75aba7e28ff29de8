// One home for how a validation problem reads: a validator's error (Ajv's for requests, TypeBox's for rubrics) becomes
// the pointer to the wrong field and a short detail, as the problem's errors[] items carry them.
export interface Problem {
  pointer: string
  detail: string
}

/** A validator's error, in the shape Ajv and TypeBox share. */
export interface SchemaIssue {
  instancePath: string
  keyword: string
  params: Record<string, unknown>
  message?: string | undefined
}

/** The pointer to `key` inside the value at `pointer` (RFC 6901 escapes `~` and `/`). */
export const childPointer = (pointer: string, key: string): string =>
  `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`

// Ajv names one missing or unknown property per error (missingProperty, additionalProperty), TypeBox all of them.
function propertiesNamed(params: Record<string, unknown>): string[] {
  const named = [
    params.missingProperty,
    params.additionalProperty,
    params.requiredProperties,
    params.additionalProperties,
  ]
  return named.flat().filter((name): name is string => typeof name === 'string')
}

/**
 * The problems one error stands for, each at the property it names (a missing or unknown one, once per name) or else
 * at the value. `namePatterns` are the patterns an object's property names must match instead (patternProperties), to
 * say so of an unknown one.
 */
export function fieldProblems(issue: SchemaIssue, namePatterns: readonly string[] = []): Problem[] {
  const names = propertiesNamed(issue.params)
  const at = (detail: (name?: string) => string): Problem[] =>
    names.length === 0
      ? [{ pointer: issue.instancePath, detail: detail() }]
      : names.map((name) => ({ pointer: childPointer(issue.instancePath, name), detail: detail(name) }))
  if (issue.keyword === 'required') return at(() => 'is required')
  if (issue.keyword === 'additionalProperties' && namePatterns.length > 0)
    return at((name) => `name ${JSON.stringify(name)} must match ${namePatterns.join(' or ')}`)
  if (issue.keyword === 'additionalProperties') return at(() => 'is not an allowed field')
  return at(() => issue.message ?? 'is invalid')
}
