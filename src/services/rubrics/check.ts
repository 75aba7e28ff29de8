// Turns checkRubric's problems into one validation error whose pointers start at the request body.
import { checkRubric, type Rubric } from '../../qualification/index.js'
import { AppError } from '../../errors.js'

export function assertValidRubric(definition: unknown, pointerPrefix: string): Rubric {
  const problems = checkRubric(definition)
  if (problems.length === 0) return definition as Rubric
  const errors = problems.map((p) => ({ pointer: `${pointerPrefix}${p.pointer}`, in: 'body', detail: p.detail }))
  throw new AppError('VALIDATION_FAILED', `${errors[0]!.pointer}: ${errors[0]!.detail}`, { errors })
}
