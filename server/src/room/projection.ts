import { view, type GameState, type MemberId } from '@aspf/shared';
import {
  memberRow, pledgeRow, proposalRow, tableHead, trackRows, type MemberRow, type PledgeRow, type ProposalRow, type TableHead,
  type TrackRow,
} from '@aspf/shared/protocol';

/**
 * The projection (R7): a pure function from the engine's state to what the room's schema
 * holds. Public fields are read from the observer's `view()` only, so they cannot carry a secret.
 * A member's private fields (`objective`, `sealed`) hold what the facilitator's `view()` knows about
 * that member beyond the public view — exactly what the member's own view adds (tested) — and the
 * schema's `.view()` tags deliver them to that delegation and the facilitator alone. Two views per
 * change, not one per member: a 32-member table projects in milliseconds.
 */

export type PledgeProjection = PledgeRow;
export type ProposalProjection = ProposalRow;

export interface MemberProjection extends MemberRow {
  online: number;
  pledge: PledgeProjection | null;
  /** Private: the member's secret objective id (public once the game has ended). */
  objective: string;
  /** Private: the member's own pledge while pledges are sealed. */
  sealed: PledgeProjection | null;
}

export interface PlayerProjection {
  name: string;
  role: 'facilitator' | 'member' | 'observer';
  member: string;
  status: 'online' | 'away' | 'offline';
  /** An observer's pending request for a seat at this member state ('' none), for the facilitator to accept or refuse. */
  request: string;
}

export interface TableProjection extends TableHead {
  code: string;
  members: Record<MemberId, MemberProjection>;
  proposals: Record<string, ProposalProjection>;
  tracks: Record<string, TrackRow>;
  players: Record<string, PlayerProjection>;
  /** Private to the facilitator: the injected event waiting for the next briefing. */
  pendingInject: string;
}

/** `seq` is the room's public sequence (shared/src/protocol/secrecy.ts), not the log's. */
export function project(state: GameState, code: string, players: Record<string, PlayerProjection>, seq: number): TableProjection {
  const pub = view(state, { kind: 'observer' });
  const all = view(state, { kind: 'facilitator' });
  const online: Record<string, number> = {};
  for (const p of Object.values(players)) {
    if (p.role === 'member' && p.status === 'online') online[p.member] = (online[p.member] ?? 0) + 1;
  }

  const members: Record<MemberId, MemberProjection> = {};
  for (const id of state.memberOrder) {
    const publicPledge = pledgeRow(pub.pledges[id]);
    members[id] = {
      ...memberRow(pub.members[id]!),
      online: online[id] ?? 0,
      pledge: publicPledge,
      objective: all.members[id]!.objective ?? '',
      sealed: publicPledge ? null : pledgeRow(all.pledges[id]),
    };
  }
  return {
    ...tableHead(pub),
    seq,
    code,
    members,
    proposals: Object.fromEntries(pub.proposals.map((p) => [p.id, proposalRow(p)])),
    tracks: trackRows(pub),
    players,
    pendingInject: all.pendingInject?.title.en ?? '',
  };
}
