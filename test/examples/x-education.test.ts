// The X Education example: its mapping keeps the columns that leak the outcome out, and the whole flow (mapping, fit,
// backtests, regression) runs through the API on a sixth of the leads.
import t from 'tap'
import { attributeKeys, describe, readMapping, runXEducation } from '../../examples/x-education.js'
import { freshDatabase } from '../helper.js'

// Filled in by sales staff after contact (../shared/data/README.md): a model that reads them learns the answer.
const LEAKY = ['Tags', 'Lead Quality', 'Last Notable Activity', 'Last Activity']

t.test('the mapping ignores every leaking column and rejects any column it does not name', async (t) => {
  const { definition } = readMapping()
  for (const column of LEAKY) t.equal(definition.columns[column], 'ignore', column)
  t.equal(definition.unmapped, 'error')
  t.notOk(
    attributeKeys(readMapping()).some((k) => /tag|quality|notable|last_activity/.test(k)),
    'no attribute carries a leaking column',
  )
})

t.test('the flow runs through the API on a subsample and the fitted rubric ranks well', async (t) => {
  const database = await freshDatabase(t)
  const figures = await runXEducation({ every: 6, database })
  t.equal(figures.rows.training + figures.rows.test, 1540)
  t.equal(figures.fitted.rows, figures.rows.test, 'every test row was used')
  t.equal(figures.defaultRubric.rows, figures.rows.test)
  t.equal(figures.fitted.probability_source, 'calibration', 'the fitted version carries its calibration')
  t.ok(figures.fitted.auc!.value > 0.83, `fitted AUC ${figures.fitted.auc?.value}`)
  t.ok(figures.regression.auc!.value > 0.8, `regression AUC ${figures.regression.auc?.value}`)
  t.ok(figures.fit.criteria.length > 3)
  const { lines } = describe(figures)
  t.match(lines.join('\n'), /fitted rubric \(draft v1\)\s+0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]/)
})
