// The lifecycle table on its own: legal moves, refusals naming the allowed actions, reasons, and guards.
import t from 'tap'
import { allowedActions, decideTransition, EVENT_TYPES, MOVES, OPEN_STAGES } from '../../src/qualification/lifecycle.js'

t.test('every move leads somewhere and names its event', async (t) => {
  for (const move of MOVES) t.ok(EVENT_TYPES.includes(move.event), `${move.entity}.${move.action} emits a known event`)
})

t.test('an illegal move names the state and what is allowed', async (t) => {
  const refused = decideTransition('lead', 'qualified', 'qualify', { decision: 'qualified' })
  t.match(refused, { ok: false, code: 'TRANSITION_NOT_ALLOWED', state: 'qualified' })
  t.same(allowedActions('lead', 'qualified').sort(), ['disqualify', 'nurture'])
  t.same(allowedActions('lead', 'disqualified'), ['reopen'])
  t.same(allowedActions('opportunity', 'closed_won'), [], 'a won deal is final')
})

t.test('qualify follows the rubric unless overridden', async (t) => {
  t.match(decideTransition('lead', 'working', 'qualify', { decision: 'qualified' }), {
    ok: true,
    to: 'qualified',
    event: 'lead.qualified',
  })
  t.match(decideTransition('lead', 'working', 'qualify', { decision: 'nurture', blocking: [{ code: 'x' }] }), {
    ok: false,
    code: 'QUALIFICATION_BLOCKED',
    blocking: [{ code: 'x' }],
  })
  t.match(decideTransition('lead', 'working', 'qualify', { decision: 'disqualified', override: true }), { ok: true })
})

t.test('reasons are required where the table says so', async (t) => {
  for (const [entity, state, action] of [
    ['lead', 'working', 'nurture'],
    ['lead', 'new', 'disqualify'],
    ['prospect', 'active', 'disqualify'],
    ['opportunity', 'proposal', 'lose'],
  ] as const) {
    t.match(decideTransition(entity, state, action, {}), { ok: false, code: 'REASON_REQUIRED' }, `${entity} ${action}`)
    t.match(
      decideTransition(entity, state, action, { reason: '  ' }),
      { ok: false, code: 'REASON_REQUIRED' },
      'blank is no reason',
    )
    t.match(decideTransition(entity, state, action, { reason: 'because' }), { ok: true })
  }
})

t.test('conversion needs a deciding stakeholder and a known need', async (t) => {
  const blocked = decideTransition('prospect', 'active', 'convert', {
    stakeholderRoles: ['champion'],
    needKnown: false,
  })
  t.match(blocked, { ok: false, code: 'CONVERSION_BLOCKED' })
  t.equal((blocked as { blocking: unknown[] }).blocking.length, 2)
  t.match(
    decideTransition('prospect', 'active', 'convert', { stakeholderRoles: ['economic_buyer'], needKnown: true }),
    { ok: true, to: 'converted' },
  )
  t.match(
    decideTransition('prospect', 'converted', 'convert', { stakeholderRoles: ['decision_maker'], needKnown: true }),
    { ok: true },
    'another opportunity later',
  )
  t.match(
    decideTransition('prospect', 'active', 'convert', { override: true, reason: 'imported' }),
    { ok: true, to: 'converted' },
    'a conversion recorded from elsewhere (an import) is an override',
  )
  t.match(decideTransition('prospect', 'disqualified', 'convert', { override: true }), {
    ok: false,
    code: 'TRANSITION_NOT_ALLOWED',
  })
})

t.test('stages move both ways between open stages; closing goes through win or lose', async (t) => {
  for (const from of OPEN_STAGES) {
    for (const to of OPEN_STAGES) {
      const d = decideTransition('opportunity', from, 'stage', { targetStage: to })
      t.equal(d.ok, from !== to, `${from} -> ${to}`)
    }
    t.match(decideTransition('opportunity', from, 'stage', { targetStage: 'closed_won' }), {
      ok: false,
      code: 'INVALID_TARGET',
    })
  }
  t.match(decideTransition('opportunity', 'closed_lost', 'reopen', {}), { ok: true, to: 'prospecting' })
  t.match(decideTransition('opportunity', 'closed_lost', 'reopen', { targetStage: 'negotiation' }), {
    ok: true,
    to: 'negotiation',
  })
  t.match(decideTransition('opportunity', 'closed_won', 'reopen', {}), { ok: false, code: 'TRANSITION_NOT_ALLOWED' })
})
