// Properties of evaluate that must hold for any lead, activities, instant and template.
import fc from 'fast-check'
import t from 'tap'
import { Value } from 'typebox/value'
import {
  Evaluation,
  LeadFacts,
  templates,
  type Activity,
  type Evaluation as EvaluationT,
} from '../../../src/qualification/index.js'
import { activityArb, asOfArb, dateText, decimalText, leadArb } from './fixtures/arbitraries.js'
import { AS_OF, runTemplate } from './fixtures/helpers.js'

const NUM_RUNS = 300
const templateKey = fc.constantFrom(...(Object.keys(templates) as (keyof typeof templates)[]))
const activities = fc.array(activityArb(), { maxLength: 25 })

const score = (e: EvaluationT, name: string) => e.criteria[name]?.score ?? Number.NaN
const hundredths = (n: number) => Math.round(n * 100)

t.test('the arbitraries produce valid leads', async (t) => {
  fc.assert(
    fc.property(leadArb, (lead) => Value.Check(LeadFacts, lead)),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})

t.test('same input, same output, whatever the order of activities', async (t) => {
  fc.assert(
    fc.property(templateKey, leadArb, activities, asOfArb, (key, lead, list, asOf) => {
      const first = runTemplate(key, lead, list, asOf)
      const again = runTemplate(key, structuredClone(lead), structuredClone(list).reverse(), new Date(asOf.getTime()))
      return JSON.stringify(again) === JSON.stringify(first)
    }),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})

t.test('scores stay within 0..100, contributions add up exactly, output matches the schema', async (t) => {
  fc.assert(
    fc.property(templateKey, leadArb, activities, asOfArb, (key, lead, list, asOf) => {
      const e = runTemplate(key, lead, list, asOf)
      const parts = [...Object.values(e.criteria), e.engagement]
      const within = (n: number) => n >= 0 && n <= 100 && Math.abs(hundredths(n) - n * 100) < 1e-6
      if (!parts.every((p) => within(p.score) && within(p.contribution)) || !within(e.total)) return false
      if (parts.reduce((sum, p) => sum + hundredths(p.contribution), 0) !== hundredths(e.total)) return false
      return Value.Check(Evaluation, e)
    }),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})

t.test('decision, knockouts and blocking agree', async (t) => {
  fc.assert(
    fc.property(templateKey, leadArb, activities, (key, lead, list) => {
      const e = runTemplate(key, lead, list)
      const { thresholds } = templates[key].definition
      if (e.knockouts.length > 0 && e.decision !== 'disqualified') return false
      if ((e.decision === 'qualified') !== (e.blocking.length === 0)) return false
      if (e.decision === 'qualified' && e.total < thresholds.qualify) return false
      return e.decision !== 'disqualified' || e.knockouts.length > 0 || e.total < thresholds.disqualify
    }),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})

t.test('any matched knockout disqualifies', async (t) => {
  const knockedOut = leadArb.chain((lead) =>
    fc.constantFrom<LeadFacts>(
      { ...lead, company: { ...lead.company, country: 'KP' } },
      { ...lead, budget: { status: 'none' } },
    ),
  )
  fc.assert(
    fc.property(knockedOut, activities, (lead, list) => {
      const e = runTemplate('bant_fit', lead, list)
      return e.knockouts.length > 0 && e.decision === 'disqualified' && e.blocking.some((b) => b.code === 'knockout')
    }),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})

// --- monotonicity under the default rubric

const bant = (lead: LeadFacts, list: Activity[] = [], asOf = AS_OF) => runTemplate('bant_fit', lead, list, asOf)

function nonDecreasing<T>(chain: readonly T[], scoreOf: (value: T) => number): boolean {
  const scores = chain.map(scoreOf)
  return scores.every((s, i) => i === 0 || s >= (scores[i - 1] ?? 0))
}

const toCents = (text: string) => {
  const [whole = '0', cents = ''] = text.split('.')
  return BigInt(whole) * 100n + BigInt(cents.padEnd(2, '0'))
}

t.test('more budget never lowers the budget score', async (t) => {
  fc.assert(
    fc.property(leadArb, decimalText, decimalText, (lead, a, b) => {
      const [low, high] = toCents(a) <= toCents(b) ? [a, b] : [b, a]
      const withAmount = (amount: string) => bant({ ...lead, budget: { ...lead.budget, amount, currency: 'EUR' } })
      return score(withAmount(high), 'budget') >= score(withAmount(low), 'budget')
    }),
    { numRuns: NUM_RUNS },
  )
  fc.assert(
    fc.property(leadArb, (lead) =>
      nonDecreasing(['none', 'exploring', 'allocated', 'approved'] as const, (status) =>
        score(bant({ ...lead, budget: { ...lead.budget, status } }), 'budget'),
      ),
    ),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})

t.test('more seniority never lowers the authority score', async (t) => {
  const ladder = ['intern', 'entry', 'senior', 'manager', 'director', 'vp', 'c_level'] as const
  fc.assert(
    fc.property(leadArb, (lead) =>
      nonDecreasing(ladder, (seniority) => score(bant({ ...lead, seniority }), 'authority')),
    ),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})

t.test('a nearer timeline never lowers the timeline score', async (t) => {
  fc.assert(
    fc.property(leadArb, dateText(0, 800), dateText(0, 800), (lead, a, b) => {
      const [near, far] = a <= b ? [a, b] : [b, a]
      const by = (purchase_by: string) =>
        score(bant({ ...lead, timeline: { ...lead.timeline, purchase_by } }), 'timeline')
      return by(near) >= by(far)
    }),
    { numRuns: NUM_RUNS },
  )
  const ladder = ['year', 'half_year', 'quarter', 'month', 'immediate'] as const
  fc.assert(
    fc.property(leadArb, (lead) =>
      nonDecreasing(ladder, (horizon) => score(bant({ ...lead, timeline: { ...lead.timeline, horizon } }), 'timeline')),
    ),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})

t.test('one more activity never lowers the engagement score', async (t) => {
  fc.assert(
    fc.property(leadArb, activities, activityArb(), fc.nat(), (lead, list, extra, at) => {
      const more = [...list]
      more.splice(at % (list.length + 1), 0, extra)
      return bant(lead, more).engagement.score >= bant(lead, list).engagement.score
    }),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})

t.test('time passing never raises the engagement score', async (t) => {
  // Activities known at the earlier instant; later ones would be new information, not time passing.
  fc.assert(
    fc.property(
      fc.array(activityArb(400, 0), { maxLength: 25 }),
      fc.integer({ min: 0, max: 400 * 86_400_000 }),
      (list, later) => {
        const now = bant({ email: 'a@b.io' }, list).engagement
        const then = bant({ email: 'a@b.io' }, list, new Date(AS_OF.getTime() + later)).engagement
        return then.score <= now.score && then.raw_points <= now.raw_points
      },
    ),
    { numRuns: NUM_RUNS },
  )
  t.pass()
})
