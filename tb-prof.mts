import { compileRubric } from './src/qualification/compile.js'
import { scoreCriterion } from './src/qualification/criteria.js'
import { scoreEngagement } from './src/qualification/engagement.js'
import { matchKnockouts } from './src/qualification/knockouts.js'
import { apportion } from './src/qualification/apportion.js'
import { evaluate } from './src/qualification/evaluate.js'
import { exampleInput } from './test/bench/fixtures.js'
const input = exampleInput(20)
const c = compileRubric(input.rubric.definition)
const asOfMs = input.asOf.getTime(), today = Math.floor(asOfMs / 864e5)
const N = 300000
function time(name: string, f: () => unknown) { let s: unknown; for (let i = 0; i < 50000; i++) s = f(); const t = performance.now(); for (let i = 0; i < N; i++) s = f(); console.log(name, ((performance.now() - t) / N * 1e6).toFixed(0), 'ns', typeof s) }
time('evaluate', () => evaluate(input))
for (const cr of c.criteria) time('crit ' + cr.name, () => scoreCriterion(cr, input.lead, today))
time('engagement', () => scoreEngagement(c.engagement, input.activities, asOfMs))
time('knockouts', () => matchKnockouts(c.knockouts, input.lead, today))
time('apportion', () => apportion([100, 80, 100, 85, 60, 43.1], [20, 20, 20, 15, 10, 15]))
