import type { GameEvent } from '../engine/events.ts';
import type { MemberId, Viewer } from '../engine/types.ts';

export { seesPrivateOf } from '../engine/view.ts';

/**
 * What an accepted action tells people who cannot see it (docs/PROTOCOL.md §6, docs/SECURITY.md).
 * The state's public `seq` counts only actions whose events some part of the public table shows:
 * a chat line travels as a chat message, and a sealed pledge, a private line or an injected event
 * is its channel's alone, so none of them moves `seq` or sends a public patch. Otherwise the count
 * and the timing of private acts could be read off the public numbering.
 */
export const movesPublicTable = (events: readonly GameEvent[]): boolean =>
  events.some((e) => e.type !== 'messageSent' && e.visibleTo === undefined);

/**
 * After an accepted action that moved nothing public: whether this viewer can see what changed,
 * and so gets the patch. The facilitator sees everything; a member sees the events addressed to its
 * delegation. Everyone else gets no frame at all, since an empty patch's timing would tell them that
 * something secret just happened.
 */
export const seesPrivateChange = (events: readonly GameEvent[], viewer: Viewer): boolean =>
  viewer.kind === 'facilitator' || (viewer.kind === 'member' && events.some((e) => e.visibleTo?.includes(viewer.member) === true));

/**
 * Which seats' legal actions an action's events can change: nobody's for votes and chat (what a
 * member may do never depends on votes or messages), only the pledger's for a pledge made while
 * pledging, everyone's otherwise (phase changes, proposals, seats, settlement, overrides…).
 * tests/rules/legal-scope.test.ts checks the claim against `legalActions` over whole bot games.
 */
export type LegalScope = 'all' | 'none' | { member: MemberId };
export function legalScope(events: readonly GameEvent[]): LegalScope {
  if (events.every((e) => e.type === 'voted' || e.type === 'messageSent')) return 'none';
  if (events.length === 1 && events[0]!.type === 'pledged') return { member: events[0]!.member };
  return 'all';
}

/** Whether a viewer's legal actions are within the scope. */
export const inLegalScope = (scope: LegalScope, viewer: Viewer): boolean =>
  scope === 'all' || (scope !== 'none' && viewer.kind === 'member' && viewer.member === scope.member);
