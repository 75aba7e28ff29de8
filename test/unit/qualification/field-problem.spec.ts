// Ajv's errors (requests) and TypeBox's (rubrics) read the same through fieldProblems.
import t from 'tap'
import { fieldProblems } from '../../../src/qualification/field-problem.js'

t.test('a missing property is pointed at itself, named once (Ajv) or in a list (TypeBox)', async (t) => {
  t.same(fieldProblems({ instancePath: '/lead', keyword: 'required', params: { missingProperty: 'email' } }), [
    { pointer: '/lead/email', detail: 'is required' },
  ])
  t.same(fieldProblems({ instancePath: '', keyword: 'required', params: { requiredProperties: ['a', 'b'] } }), [
    { pointer: '/a', detail: 'is required' },
    { pointer: '/b', detail: 'is required' },
  ])
})

t.test('an unknown property reads the same from both validators, escaped as RFC 6901 says', async (t) => {
  const ajv = fieldProblems({
    instancePath: '/x',
    keyword: 'additionalProperties',
    params: { additionalProperty: 'a/b~' },
  })
  const typebox = fieldProblems({
    instancePath: '/x',
    keyword: 'additionalProperties',
    params: { additionalProperties: ['a/b~'] },
  })
  t.same(ajv, [{ pointer: '/x/a~1b~0', detail: 'is not an allowed field' }])
  t.same(typebox, ajv)
})

t.test('an unknown name under patternProperties says which pattern it must match', async (t) => {
  const issue = {
    instancePath: '/criteria',
    keyword: 'additionalProperties',
    params: { additionalProperties: ['Bad'] },
  }
  t.same(fieldProblems(issue, ['^[a-z]+$']), [{ pointer: '/criteria/Bad', detail: 'name "Bad" must match ^[a-z]+$' }])
})

t.test("any other keyword keeps the validator's message at the value, or says it is invalid", async (t) => {
  t.same(fieldProblems({ instancePath: '/n', keyword: 'minimum', params: {}, message: 'must be >= 0' }), [
    { pointer: '/n', detail: 'must be >= 0' },
  ])
  t.same(fieldProblems({ instancePath: '/n', keyword: 'x', params: {} }), [{ pointer: '/n', detail: 'is invalid' }])
})

t.test('a dependentRequired error (Ajv names the missing property) points at that property', async (t) => {
  const issue = {
    instancePath: '',
    keyword: 'dependentRequired',
    params: { missingProperty: 'currency' },
    message: 'must have property currency when property amount is present',
  }
  t.same(fieldProblems(issue), [{ pointer: '/currency', detail: issue.message }])
})
