// The funnel's legal moves as one declared table: entity, from-states, action, to-state, guard, and the event it emits.
import { Type, type Static } from 'typebox'
import { BUYING_ROLES } from './lead.js'

export const LEAD_STATUSES = ['new', 'working', 'nurturing', 'qualified', 'disqualified'] as const
export const PROSPECT_STATUSES = ['active', 'nurturing', 'converted', 'disqualified'] as const
export const OPEN_STAGES = ['prospecting', 'qualification', 'needs_analysis', 'proposal', 'negotiation'] as const
export const STAGES = [...OPEN_STAGES, 'closed_won', 'closed_lost'] as const
export const STAKEHOLDER_ROLES = BUYING_ROLES

export const LeadStatus = Type.Enum(LEAD_STATUSES)
export const ProspectStatus = Type.Enum(PROSPECT_STATUSES)
export const Stage = Type.Enum(STAGES)
export const StakeholderRole = Type.Enum(STAKEHOLDER_ROLES)
export type LeadStatus = Static<typeof LeadStatus>
export type ProspectStatus = Static<typeof ProspectStatus>
export type Stage = Static<typeof Stage>
export type StakeholderRole = Static<typeof StakeholderRole>
export type Entity = 'lead' | 'prospect' | 'opportunity'

/** The state each record is created in (the `create` step of its ledger); the columns' defaults only mirror it. */
export const INITIAL_STATE = {
  lead: 'new',
  prospect: 'active',
  opportunity: 'prospecting',
} as const satisfies { lead: LeadStatus; prospect: ProspectStatus; opportunity: Stage }

/** What a guard may look at; the service gathers it, the table decides. */
export interface GuardFacts {
  /** Lead qualify: the rubric's decision and what blocks it. */
  decision?: 'qualified' | 'nurture' | 'disqualified'
  blocking?: unknown[]
  override?: boolean
  /** Prospect convert. */
  stakeholderRoles?: readonly StakeholderRole[]
  needKnown?: boolean
  /** Opportunity stage: the stage asked for. */
  targetStage?: Stage
  reason?: string
}

export type GuardResult =
  | { ok: true }
  | {
      ok: false
      code: 'QUALIFICATION_BLOCKED' | 'CONVERSION_BLOCKED' | 'INVALID_TARGET'
      detail: string
      blocking?: unknown[]
    }

interface Move {
  entity: Entity
  action: string
  from: readonly string[]
  /** The state after the move; for opportunity `stage` and `reopen` it comes from the request. */
  to: string | ((facts: GuardFacts) => string)
  event: EventTypeName
  reasonRequired?: boolean
  guard?: (facts: GuardFacts) => GuardResult
}

const OK: GuardResult = { ok: true }
const DECIDING_ROLES: readonly StakeholderRole[] = ['decision_maker', 'economic_buyer']
const isOpen = (stage: string | undefined) => (OPEN_STAGES as readonly string[]).includes(stage ?? '')

function qualifyGuard(facts: GuardFacts): GuardResult {
  if (facts.override === true || facts.decision === 'qualified') return OK
  return {
    ok: false,
    code: 'QUALIFICATION_BLOCKED',
    detail: `the rubric's decision is "${facts.decision ?? 'unknown'}"`,
    blocking: facts.blocking ?? [],
  }
}

export const CONVERSION_BLOCKING_CODES = ['no_deciding_stakeholder', 'need_unknown'] as const
type ConversionBlockingCode = (typeof CONVERSION_BLOCKING_CODES)[number]

/** An override is a conversion recorded from elsewhere (an admin import): the deal exists, whatever is known here. */
function convertGuard(facts: GuardFacts): GuardResult {
  if (facts.override === true) return OK
  const blocking: { code: ConversionBlockingCode; detail: string }[] = []
  if (!(facts.stakeholderRoles ?? []).some((r) => DECIDING_ROLES.includes(r))) {
    blocking.push({
      code: 'no_deciding_stakeholder',
      detail: 'add a stakeholder whose role is decision_maker or economic_buyer',
    })
  }
  if (facts.needKnown !== true)
    blocking.push({ code: 'need_unknown', detail: "find out the lead's need (need.level) first" })
  return blocking.length === 0
    ? OK
    : { ok: false, code: 'CONVERSION_BLOCKED', detail: blocking.map((b) => b.detail).join('; '), blocking }
}

const targetOpenStage =
  (current: string) =>
  (facts: GuardFacts): GuardResult => {
    if (!isOpen(facts.targetStage))
      return {
        ok: false,
        code: 'INVALID_TARGET',
        detail: `the stage must be one of ${OPEN_STAGES.join(', ')}; use win or lose to close`,
      }
    if (facts.targetStage === current)
      return { ok: false, code: 'INVALID_TARGET', detail: `the opportunity is already in ${current}` }
    return OK
  }

const toTarget = (facts: GuardFacts) => facts.targetStage ?? 'prospecting'

export const MOVES: readonly Move[] = [
  { entity: 'lead', action: 'engage', from: ['new'], to: 'working', event: 'lead.engaged' },
  {
    entity: 'lead',
    action: 'qualify',
    from: ['new', 'working', 'nurturing'],
    to: 'qualified',
    event: 'lead.qualified',
    guard: qualifyGuard,
  },
  {
    entity: 'lead',
    action: 'nurture',
    from: ['new', 'working', 'qualified'],
    to: 'nurturing',
    event: 'lead.nurtured',
    reasonRequired: true,
  },
  {
    entity: 'lead',
    action: 'disqualify',
    from: ['new', 'working', 'nurturing', 'qualified'],
    to: 'disqualified',
    event: 'lead.disqualified',
    reasonRequired: true,
  },
  { entity: 'lead', action: 'reopen', from: ['disqualified', 'nurturing'], to: 'working', event: 'lead.reopened' },

  {
    entity: 'prospect',
    action: 'reactivate',
    from: ['nurturing', 'disqualified'],
    to: 'active',
    event: 'prospect.reactivated',
  },
  {
    entity: 'prospect',
    action: 'convert',
    from: ['active', 'converted'],
    to: 'converted',
    event: 'prospect.converted',
    guard: convertGuard,
  },
  {
    entity: 'prospect',
    action: 'nurture',
    from: ['active', 'converted'],
    to: 'nurturing',
    event: 'prospect.nurtured',
    reasonRequired: true,
  },
  {
    entity: 'prospect',
    action: 'disqualify',
    from: ['active', 'nurturing', 'converted'],
    to: 'disqualified',
    event: 'prospect.disqualified',
    reasonRequired: true,
  },

  ...OPEN_STAGES.map((stage): Move => ({
    entity: 'opportunity',
    action: 'stage',
    from: [stage],
    to: toTarget,
    event: 'opportunity.stage_changed',
    guard: targetOpenStage(stage),
  })),
  { entity: 'opportunity', action: 'win', from: OPEN_STAGES, to: 'closed_won', event: 'opportunity.won' },
  {
    entity: 'opportunity',
    action: 'lose',
    from: OPEN_STAGES,
    to: 'closed_lost',
    event: 'opportunity.lost',
    reasonRequired: true,
  },
  {
    entity: 'opportunity',
    action: 'reopen',
    from: ['closed_lost'],
    to: toTarget,
    event: 'opportunity.reopened',
    guard: (f) =>
      isOpen(toTarget(f))
        ? OK
        : { ok: false, code: 'INVALID_TARGET', detail: `reopen into one of ${OPEN_STAGES.join(', ')}` },
  },
]

/** Every event type the service emits: the moves' events (Move.event is one of these), creation, edits, activities. */
export const EVENT_TYPES = [
  'activity.recorded',
  'lead.created',
  'lead.deleted',
  'lead.disqualified',
  'lead.engaged',
  'lead.nurtured',
  'lead.qualified',
  'lead.reopened',
  'lead.score_changed',
  'lead.updated',
  'opportunity.created',
  'opportunity.lost',
  'opportunity.reopened',
  'opportunity.stage_changed',
  'opportunity.updated',
  'opportunity.won',
  'prospect.converted',
  'prospect.created',
  'prospect.disqualified',
  'prospect.nurtured',
  'prospect.reactivated',
  'prospect.updated',
] as const
export type EventTypeName = (typeof EVENT_TYPES)[number]

export const allowedActions = (entity: Entity, state: string): string[] => [
  ...new Set(MOVES.filter((m) => m.entity === entity && m.from.includes(state)).map((m) => m.action)),
]

export type TransitionDecision =
  | { ok: true; from: string; to: string; event: EventTypeName }
  | { ok: false; code: 'TRANSITION_NOT_ALLOWED'; detail: string; state: string; allowed: string[] }
  | { ok: false; code: 'REASON_REQUIRED'; detail: string }
  | Extract<GuardResult, { ok: false }>

/** Decides one move: is the action legal from this state, does its guard pass, and where does it lead. */
export function decideTransition(
  entity: Entity,
  state: string,
  action: string,
  facts: GuardFacts = {},
): TransitionDecision {
  const move = MOVES.find((m) => m.entity === entity && m.action === action && m.from.includes(state))
  if (move === undefined) {
    const allowed = allowedActions(entity, state)
    return {
      ok: false,
      code: 'TRANSITION_NOT_ALLOWED',
      detail: `a ${entity} in "${state}" cannot ${action}; allowed: ${allowed.join(', ') || 'none'}`,
      state,
      allowed,
    }
  }
  if (move.reasonRequired === true && (facts.reason ?? '').trim() === '') {
    return { ok: false, code: 'REASON_REQUIRED', detail: `${action} needs a reason` }
  }
  const guard = move.guard?.(facts) ?? OK
  if (!guard.ok) return guard
  return { ok: true, from: state, to: typeof move.to === 'string' ? move.to : move.to(facts), event: move.event }
}
