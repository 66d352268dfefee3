import { isV2 } from './effects.ts';
import type { GameEvent } from './events.ts';
import { ratificationRisk } from './resolution.ts';
import type { GameState, MemberId, MemberState, Phase, Viewer } from './types.ts';

export type MemberView = Omit<MemberState, 'objective'> & {
  objective: string | null;
  /**
   * R9.7 (v2, ratification scenarios) the chance that this round's pledge fails at home, 0–1, before
   * any common bill; absent when it is not this viewer's to see (a sealed pledge) or not in play.
   */
  ratificationRisk?: number;
};

/**
 * What one viewer may know (R7). No scenario (sent once on join), no RNG, no deck order, no
 * pending inject for anyone but the facilitator; secret objectives only to their own delegation
 * until the game ends; private chat only to its channel; sealed pledges only to their maker while
 * pledging is open.
 */
export type GameView = Omit<GameState, 'scenario' | 'rng' | 'seed' | 'deck' | 'pendingInject' | 'members'> & {
  scenarioId: string;
  viewer: Viewer;
  members: Record<string, MemberView>;
  pendingInject: GameState['pendingInject'] | null;
};

/**
 * Who may read a member's private row — its secret objective, and the room delivers its sealed
 * pledge by the same rule: the facilitator, that member's own delegation, and everyone once the
 * game has ended (reveal at the end). The room's per-connection views (server/src/room/broadcast.ts)
 * and `view()` both ask this.
 */
export const seesPrivateOf = (viewer: Viewer, member: MemberId, phase: Phase): boolean =>
  viewer.kind === 'facilitator' || phase === 'ended' || (viewer.kind === 'member' && viewer.member === member);

/**
 * The view shares structure with the state (no deep copy: `apply` never edits a state it returned),
 * so treat it as read-only; only what it filters is new.
 */
export function view(state: GameState, viewer: Viewer): GameView {
  const all = viewer.kind === 'facilitator';
  const self = viewer.kind === 'member' ? viewer.member : null;
  const members: Record<string, MemberView> = {};
  for (const id of state.memberOrder) {
    const m = state.members[id]!;
    members[id] = { ...m, objective: seesPrivateOf(viewer, id, state.phase) ? m.objective : null };
  }
  const sealed = state.options.sealedPledges && state.phase === 'pledging' && !all;
  if (isV2(state) && state.scenario.ratification) {
    for (const id of state.memberOrder) {
      if (sealed && id !== self) continue;
      const p = state.pledges[id];
      members[id]!.ratificationRisk = ratificationRisk(state, id, p ? p.settled ?? p.amount : 0);
    }
  }
  const pledges: GameState['pledges'] = {};
  for (const [id, p] of Object.entries(state.pledges)) {
    if (!sealed || id === self) pledges[id] = p;
  }
  const { scenario, rng: _rng, seed: _seed, deck: _deck, pendingInject, members: _m, chat, ...rest } = state;
  return {
    ...rest,
    scenarioId: scenario.id,
    viewer,
    members,
    pledges,
    chat: all ? chat : chat.filter((c) => c.to.length === 0 || (self !== null && c.to.includes(self))),
    pendingInject: all ? pendingInject : null,
  };
}

/** The events one viewer may see, by the same rule. */
export function visibleEvents(events: readonly GameEvent[], viewer: Viewer): GameEvent[] {
  if (viewer.kind === 'facilitator') return [...events];
  return events.filter((e) => !e.visibleTo || (viewer.kind === 'member' && e.visibleTo.includes(viewer.member)));
}
