import { view, type GameState, type MemberId } from '@aspf/shared';
import {
  HEAD, MEMBER, PLAYER, PROPOSAL, TRACK, rowOf, type ControlRow, type MemberRow, type PlayerRow, type PlayerSource, type ProposalRow,
  type TableHead, type TrackRow,
} from '@aspf/shared/protocol';

/**
 * The projection (R7): a pure function from the engine's state to the rows the room's schema
 * holds (shared/src/protocol/table.ts). Public fields are read from the observer's `view()` only, so
 * they cannot carry a secret. A member's private fields (`objective`, `sealed`) hold what the
 * facilitator's `view()` knows about that member beyond the public view — exactly what the member's
 * own view adds (tested) — and the schema's `.view()` tags deliver them to that delegation and the
 * facilitator alone. Two views per change, not one per member: a 32-member table projects in
 * milliseconds. Each row is built on its own from its source, so a later projection can rebuild
 * only the rows an action changed.
 */

export type PlayerProjection = PlayerSource;

export interface TableProjection extends TableHead {
  code: string;
  members: Record<MemberId, MemberRow>;
  proposals: Record<string, ProposalRow>;
  tracks: Record<string, TrackRow>;
  players: Record<string, PlayerRow>;
  /** Private to the facilitator (the schema's `control`): the injected event waiting for the next briefing. */
  pendingInject: ControlRow['pendingInject'];
}

/** `seq` is the room's public sequence (shared/src/protocol/secrecy.ts), not the log's. */
export function project(state: GameState, code: string, players: Record<string, PlayerProjection>, seq: number): TableProjection {
  const pub = view(state, { kind: 'observer' });
  const all = view(state, { kind: 'facilitator' });
  const online: Record<string, number> = {};
  for (const p of Object.values(players)) {
    if (p.role === 'member' && p.status === 'online') online[p.member] = (online[p.member] ?? 0) + 1;
  }

  const members: Record<MemberId, MemberRow> = {};
  for (const id of state.memberOrder) {
    const pledge = pub.pledges[id];
    members[id] = rowOf(MEMBER, {
      member: pub.members[id]!, pledge, online: online[id] ?? 0, secret: all.members[id]!, sealed: pledge ? undefined : all.pledges[id],
    });
  }
  return {
    ...rowOf(HEAD, pub),
    seq,
    code,
    members,
    proposals: Object.fromEntries(pub.proposals.map((p) => [p.id, rowOf(PROPOSAL, p)])),
    tracks: Object.fromEntries(Object.entries(pub.tracks).map(([id, t]) => [id, rowOf(TRACK, t)])),
    players: Object.fromEntries(Object.entries(players).map(([id, p]) => [id, rowOf(PLAYER, p)])),
    pendingInject: all.pendingInject?.title.en ?? '',
  };
}
