import { seesPrivateOf, view, type GameState, type Viewer } from '@aspf/shared';
import { HEAD, MEMBER, PROPOSAL, TRACK, rowOf } from '@aspf/shared/protocol';
import type { TableSnapshot } from './store.ts';

/**
 * The table as one viewer saw it, from an engine state: what the replay viewer shows at each step.
 * It goes through the engine's `view`, so a replay never shows more than that viewer could see,
 * and builds its rows from the same descriptors as the room (shared/src/protocol/table.ts): a
 * member's private fields only where that view holds them. No clock runs in a replay.
 */
export function snapshotFromState(state: GameState, viewer: Viewer = { kind: 'facilitator' }): TableSnapshot {
  const v = view(state, viewer);
  return {
    ...rowOf(HEAD, v),
    code: '',
    endsAt: 0,
    members: Object.fromEntries(state.memberOrder.map((id) => {
      const m = v.members[id]!;
      return [id, rowOf(MEMBER, { member: m, pledge: v.pledges[id], online: 0, secret: m, sealed: undefined }, seesPrivateOf(viewer, id, state.phase))];
    })),
    proposals: Object.fromEntries(v.proposals.map((p) => [p.id, rowOf(PROPOSAL, p)])),
    tracks: Object.fromEntries(Object.entries(v.tracks).map(([id, t]) => [id, rowOf(TRACK, t)])),
    players: {},
  };
}
