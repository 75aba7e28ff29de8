// Turns a refused move of the lifecycle table into the problem the client sees.
import { AppError } from '../../errors.js'
import type { TransitionDecision } from '../../qualification/lifecycle.js'

type Refusal = Extract<TransitionDecision, { ok: false }>

export function refusal(decision: Refusal, extra: Record<string, unknown> = {}): AppError {
  switch (decision.code) {
    case 'TRANSITION_NOT_ALLOWED':
      return new AppError('TRANSITION_NOT_ALLOWED', decision.detail, {
        current_state: decision.state,
        allowed_actions: decision.allowed,
      })
    case 'REASON_REQUIRED':
      return new AppError('VALIDATION_FAILED', decision.detail, {
        errors: [{ pointer: '/reason', in: 'body', detail: 'is required for this action' }],
      })
    case 'QUALIFICATION_BLOCKED':
      return new AppError('QUALIFICATION_BLOCKED', decision.detail, { blocking: decision.blocking ?? [], ...extra })
    case 'CONVERSION_BLOCKED':
      return new AppError('CONVERSION_BLOCKED', decision.detail, { blocking: decision.blocking ?? [] })
    case 'INVALID_TARGET':
      return new AppError('VALIDATION_FAILED', decision.detail, {
        errors: [{ pointer: '/stage', in: 'body', detail: decision.detail }],
      })
  }
}
