// The app's per-version cache of compiled rubrics: one compile per version, bounded, least recently used out first.
import t from 'tap'
import { templates, type Rubric } from '../../src/qualification/index.js'
import { CompiledRubrics } from '../../src/services/cache/compiled-rubrics.js'

const key = (version: number) => ({ workspaceId: 'w', rubricId: 'r', version })
const definition: Rubric = templates.bant_fit.definition

t.test('a version is compiled once and then served from the cache', async (t) => {
  const compiled = new CompiledRubrics(2)
  const first = compiled.of(key(1), definition)
  t.equal(compiled.of(key(1), { ...definition }), first, 'the same version gives the same compiled rubric')
  t.not(compiled.of(key(2), definition), first, 'another version is compiled on its own')
  t.equal(compiled.size, 2)
})

t.test('the bound drops the least recently used version', async (t) => {
  const compiled = new CompiledRubrics(2)
  const one = compiled.of(key(1), definition)
  const two = compiled.of(key(2), definition)
  compiled.of(key(1), definition)
  compiled.of(key(3), definition)
  t.equal(compiled.size, 2)
  t.equal(compiled.of(key(1), definition), one, 'version 1 was used last, so it stayed')
  t.not(compiled.of(key(2), definition), two, 'version 2 was dropped and compiled again')
})

t.test('an invalid definition is refused and not cached', async (t) => {
  const compiled = new CompiledRubrics()
  const bad = { ...definition, thresholds: { ...definition.thresholds, qualify: 500 } }
  t.throws(() => compiled.of(key(9), bad), { name: 'RubricError' })
  t.equal(compiled.size, 0)
  compiled.of(key(1), definition)
  compiled.clear()
  t.equal(compiled.size, 0, 'clear empties it')
})
