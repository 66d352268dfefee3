import type { Action } from './actions.ts';
import type { Actor, GameState } from './types.ts';

/**
 * Whether an action would leave the game exactly as it is: the same vote again, the same pledge
 * again (a repeated co-sponsorship is already refused by R3.13). The room answers such a request without
 * recording it (docs/PROTOCOL.md §4), so repeating oneself fills no log.
 */
export function repeats(state: GameState, actor: Actor, action: Action): boolean {
  if (actor.kind !== 'member') return false;
  const member = actor.member;
  switch (action.type) {
    case 'vote':
      return state.proposals.find((p) => p.id === action.proposal)?.votes[member] === action.choice;
    case 'pledge': {
      const now = state.pledges[member];
      if (state.phase === 'negotiation') return now?.status === 'honoured' && now.amount === action.amount && now.settled === action.amount;
      if (action.amount === 0) return now === undefined;
      return now?.status === 'pending' && now.amount === action.amount && JSON.stringify(now.condition ?? null) === JSON.stringify(action.condition ?? null);
    }
    default:
      return false;
  }
}
