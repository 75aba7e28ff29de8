// checkRubric: schema and semantic problems, each with the JSON pointer of what to fix.
import t from 'tap'
import { Settings } from 'typebox/system'
import { checkRubric, compileRubric, RubricError, templates, type Rubric } from '../../../src/qualification/index.js'

const base = (): Rubric => structuredClone(templates.bant_fit.definition)

/** The base rubric after `change`, as an untyped document (to build what the types would forbid). */
function variant(change: (r: Record<string, any>) => void): unknown {
  const r = base() as Record<string, any>
  change(r)
  return r
}

t.test('the templates are valid', async (t) => {
  for (const template of Object.values(templates)) t.same(checkRubric(template.definition), [], template.key)
})

t.test('weights must add up to 100', async (t) => {
  const problems = checkRubric(
    variant((r) => {
      r.criteria.fit.weight = 20
    }),
  )
  t.match(problems, [{ pointer: '/criteria', detail: /add up to 95/ }])
  t.equal(problems.length, 1)
  t.match(
    checkRubric(
      variant((r) => {
        r.engagement.weight = 25
      }),
    ),
    [{ pointer: '/criteria', detail: /engagement \(25\) add up to 105/ }],
  )
})

t.test('required names existing criteria', async (t) => {
  t.same(
    checkRubric(
      variant((r) => {
        r.required = ['fit', 'bugdet']
      }),
    ),
    [{ pointer: '/required/1', detail: 'unknown criterion "bugdet"' }],
  )
  t.same(
    checkRubric(
      variant((r) => {
        r.required = ['constructor']
      }),
    ),
    [{ pointer: '/required/0', detail: 'unknown criterion "constructor"' }],
  )
  t.same(
    checkRubric(
      variant((r) => {
        r.required = ['fit', 'fit']
      }),
    ),
    [{ pointer: '/required/1', detail: 'fit is listed twice' }],
  )
})

t.test('thresholds must be in order', async (t) => {
  t.match(
    checkRubric(
      variant((r) => {
        r.thresholds.disqualify = 60
      }),
    ),
    [{ pointer: '/thresholds/qualify' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.thresholds.grades = { A: 60, B: 60, C: 40 }
      }),
    ),
    [{ pointer: '/thresholds/grades/B' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.thresholds.grades = { A: 80, B: 60, C: 70 }
      }),
    ),
    [{ pointer: '/thresholds/grades/C' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.thresholds.qualify = 101
      }),
    ),
    [{ pointer: '/thresholds/qualify', detail: 'must be <= 100' }],
  )
})

t.test('an unknown rule kind is reported at the rule', async (t) => {
  const problems = checkRubric(
    variant((r) => {
      r.criteria.fit.rules[2] = { kind: 'regex', field: 'title', pattern: '^VP', points: 5 }
    }),
  )
  t.same(problems, [
    {
      pointer: '/criteria/fit/rules/2',
      detail:
        'unknown kind "regex": expected one of equals, in, not_in, range, contains, exists, within_days, within_last_days, missing, activity_count',
    },
  ])
  t.match(
    checkRubric(
      variant((r) => {
        r.knockouts[0] = { id: 'x', description: 'y', field: 'title' }
      }),
    ),
    [{ pointer: '/knockouts/0', detail: /missing kind/ }],
  )
})

t.test('a known kind with a wrong shape is reported at the property', async (t) => {
  t.same(
    checkRubric(
      variant((r) => {
        delete r.criteria.fit.rules[2].values
      }),
    ),
    [{ pointer: '/criteria/fit/rules/2/values', detail: 'is required' }],
  )
  t.same(
    checkRubric(
      variant((r) => {
        r.criteria.fit.rules[0].points = 'ten'
      }),
    ),
    [{ pointer: '/criteria/fit/rules/0/points', detail: 'must be number' }],
  )
  t.same(
    checkRubric(
      variant((r) => {
        r.criteria.fit.rules[0].weight = 1
      }),
    ),
    [{ pointer: '/criteria/fit/rules/0/weight', detail: 'is not an allowed field' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.criteria.fit.rules[2].values = [{}]
      }),
    ),
    [{ pointer: '/criteria/fit/rules/2/values/0', detail: /must be a string or a number or a boolean/ }],
  )
})

t.test('an unknown field path is reported at the field', async (t) => {
  const problems = checkRubric(
    variant((r) => {
      r.criteria.fit.rules[0].field = 'company.headcount'
    }),
  )
  t.match(problems, [
    {
      pointer: '/criteria/fit/rules/0/field',
      detail: /^unknown field path "company.headcount": expected one of email, title/,
    },
  ])
  t.equal(problems.length, 1)
  t.same(
    checkRubric(
      variant((r) => {
        r.criteria.fit.rules[0].field = 'attributes.head_count'
        r.criteria.fit.rules[0].max = 100
      }),
    ),
    [],
    'attributes.<key> is open',
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.knockouts[1].field = 'first_name'
      }),
    ),
    [{ pointer: '/knockouts/1/field', detail: /unknown field path/ }],
    'names are not scoring facts',
  )
})

t.test('rules must fit the fact they read', async (t) => {
  t.same(
    checkRubric(
      variant((r) => {
        r.criteria.authority.rules[0] = { kind: 'range', field: 'seniority', min: 1, points: 5 }
      }),
    ),
    [{ pointer: '/criteria/authority/rules/0/field', detail: 'range does not apply to seniority (kind: enum)' }],
  )
  t.same(
    checkRubric(
      variant((r) => {
        r.criteria.authority.rules[0].value = 'vice_president'
      }),
    ),
    [
      {
        pointer: '/criteria/authority/rules/0/value',
        detail: 'must be one of c_level, vp, director, manager, senior, entry, intern, other',
      },
    ],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.criteria.timeline.rules[0].value = 'unknown'
      }),
    ),
    [{ pointer: '/criteria/timeline/rules/0/value', detail: /counts as an absent fact/ }],
  )
  t.same(
    checkRubric(
      variant((r) => {
        r.criteria.fit.rules[0] = { kind: 'range', field: 'company.employee_count', points: 5 }
      }),
    ),
    [{ pointer: '/criteria/fit/rules/0', detail: 'range needs min, max or below' }],
  )
  t.same(
    checkRubric(
      variant((r) => {
        r.criteria.fit.rules[0].max = 10
      }),
    ),
    [{ pointer: '/criteria/fit/rules/0', detail: 'min (50) is above max (10)' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.criteria.timeline.rules[5].field = 'title'
      }),
    ),
    [{ pointer: '/criteria/timeline/rules/5/field' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.criteria.fit.rules[1].id = 'fit.size_50'
      }),
    ),
    [{ pointer: '/criteria/fit/rules/1/id', detail: /used twice/ }],
  )
})

t.test('criterion names are non-empty identifiers', async (t) => {
  t.match(
    checkRubric(
      variant((r) => {
        r.criteria[''] = r.criteria.fit
      }),
    ),
    [{ pointer: '/criteria/', detail: /name "" must match/ }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.criteria['Fit Score'] = r.criteria.fit
      }),
    ),
    [{ pointer: '/criteria/Fit Score' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.criteria = {}
      }),
    ),
    [{ pointer: '/criteria', detail: /must not have fewer than 1/ }],
  )
})

t.test('shape problems', async (t) => {
  t.match(checkRubric(null), [{ pointer: '' }])
  t.match(
    checkRubric(
      variant((r) => {
        r.extra = 1
      }),
    ),
    [{ pointer: '/extra', detail: 'is not an allowed field' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.engagement.points.hug = 3
      }),
    ),
    [{ pointer: '/engagement/points/hug' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        r.engagement.half_life_days = 0
      }),
    ),
    [{ pointer: '/engagement/half_life_days' }],
  )
  t.match(
    checkRubric(
      variant((r) => {
        delete r.thresholds
      }),
    ),
    [{ pointer: '/thresholds', detail: 'is required' }],
  )
})

t.test('several problems are all reported', async (t) => {
  const problems = checkRubric(
    variant((r) => {
      r.criteria.fit.rules[0].kind = 'nope'
      r.criteria.budget.rules[0].field = 'budget.size'
      r.engagement.cap = -1
    }),
  )
  t.same(
    problems.map((p) => p.pointer),
    ['/criteria/fit/rules/0', '/criteria/budget/rules/0/field', '/engagement/cap'],
  )
})

t.test('compiling (which evaluate needs first) refuses an invalid rubric with the same problems', async (t) => {
  const definition = variant((r) => {
    r.criteria.fit.weight = 20
  }) as Rubric
  t.throws(
    () => compileRubric(definition),
    new RubricError([
      {
        pointer: '/criteria',
        detail:
          'weights must add up to 100 but criteria (fit 20, budget 15, authority 20, need 15, timeline 5) and engagement (20) add up to 95',
      },
    ]),
  )
})

t.test(
  "more problems than TypeBox's cap of 8 all come back, and TypeBox's global settings stay as they were",
  async (t) => {
    const before = Settings.Get().maxErrors
    const problems = checkRubric(
      variant((r) => {
        for (let i = 0; i < 12; i++) r[`extra_${i}`] = i
      }),
    )
    t.same(
      problems.map((p) => p.pointer),
      Array.from({ length: 12 }, (_, i) => `/extra_${i}`),
    )
    t.equal(Settings.Get().maxErrors, before)
  },
)
