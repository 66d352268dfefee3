import { view, type GameState, type Viewer } from '@aspf/shared';
import { memberRow, pledgeRow, proposalRow, tableHead, trackRows } from '@aspf/shared/protocol';
import type { ProposalSnapshot, TableSnapshot } from './store.ts';

/**
 * The table as one viewer saw it, from an engine state: what the replay viewer shows at each step.
 * It goes through the engine's `view`, so a replay never shows more than that viewer could see,
 * and builds its rows as the room does (shared/src/protocol/table.ts). No clock runs in a replay.
 */
export function snapshotFromState(state: GameState, viewer: Viewer = { kind: 'facilitator' }): TableSnapshot {
  const v = view(state, viewer);
  return {
    ...tableHead(v),
    code: '',
    endsAt: 0,
    members: Object.fromEntries(state.memberOrder.map((id) => {
      const m = v.members[id]!;
      const pledge = pledgeRow(v.pledges[id]);
      return [id, { ...memberRow(m), online: 0, ...(pledge ? { pledge } : {}), ...(m.objective ? { objective: m.objective } : {}) }];
    })),
    proposals: Object.fromEntries(v.proposals.map((p) => [p.id, proposalRow(p) as ProposalSnapshot])),
    tracks: trackRows(v),
    players: {},
  };
}
