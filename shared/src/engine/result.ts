/** Errors are values (R8.2): a rejection has a stable code, a human message and the field. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
  readonly field?: string;
}

export type Result<T, E = Rejection> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

export function reject(code: RejectionCode, message: string, field?: string): Rejection {
  return field === undefined ? { code, message } : { code, message, field };
}

/** Every rejection code the engine can return; docs/RULES.md cites each. */
export const REJECTION_CODES = [
  'action/invalid',
  'actor/not_member',
  'actor/not_facilitator',
  'actor/not_system',
  'game/not_started',
  'game/ended',
  'phase/closed',
  'phase/paused',
  'phase/not_paused',
  'phase/not_expired',
  'member/unknown',
  'pledge/over_budget',
  'pledge/support_too_low',
  'pledge/only_upward',
  'pledge/condition_closed',
  'pledge/self_condition',
  'propose/unknown_project',
  'propose/custom_not_allowed',
  'propose/unknown_track',
  'propose/limit_reached',
  'propose/already_on_table',
  'proposal/unknown',
  'proposal/not_open',
  'proposal/not_lead',
  'amend/cost_out_of_range',
  'amend/not_a_cosponsor',
  'amend/nothing_to_change',
  'cosponsor/is_lead',
  'cosponsor/already',
  'cosponsor/not_cosponsor',
  'vote/not_eligible',
  'chat/self_only',
  'inject/unknown_event',
  'inject/already_pending',
  'seat/already',
  'override/unknown_track',
  'override/not_open',
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];
