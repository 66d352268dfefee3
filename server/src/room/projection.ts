import { view, type GameState, type MemberId, type Pledge } from '@aspf/shared';

/**
 * The projection (STYLE §9): a pure function from the engine's state to what the room's schema
 * holds. Public fields are read from the observer's `view()` only, so they cannot carry a secret.
 * A member's private fields (`objective`, `sealed`) hold what the facilitator's `view()` knows about
 * that member beyond the public view — exactly what the member's own view adds (tested) — and the
 * schema's `.view()` tags deliver them to that delegation and the facilitator alone. Two views per
 * change, not one per member: a 32-member table projects in milliseconds.
 */

export interface PledgeProjection {
  amount: number;
  status: Pledge['status'];
  settled: number;
  condition: '' | 'total-at-least' | 'member-at-least' | 'match';
  target: string;
  threshold: number;
}

export interface MemberProjection {
  seat: 'open' | 'human' | 'bot';
  profile: string;
  online: number;
  participant: boolean;
  balance: number;
  allocation: number;
  support: number;
  arrears: number;
  pledged: number;
  weight: number;
  returns: number;
  score: { security: number; influence: number; objectives: number; returns: number; prudence: number; total: number };
  pledge: PledgeProjection | null;
  /** Private: the member's secret objective id (public once the game has ended). */
  objective: string;
  /** Private: the member's own pledge while pledges are sealed. */
  sealed: PledgeProjection | null;
}

export interface ProposalProjection {
  round: number;
  lead: string;
  project: string;
  name: string;
  channel: string;
  cost: number;
  baseCost: number;
  delay: number;
  status: string;
  coSponsors: string[];
  votes: Record<string, string>;
  override: string;
}

export interface PlayerProjection {
  name: string;
  role: 'facilitator' | 'member' | 'observer';
  member: string;
  status: 'online' | 'away' | 'offline';
}

export interface TableProjection {
  code: string;
  scenario: string;
  seq: number;
  phase: string;
  round: number;
  rounds: number;
  endsAt: number;
  paused: boolean;
  remainingMs: number;
  sealedPledges: boolean;
  event: string;
  eventTitle: string;
  pool: number;
  cohesion: number;
  usEngagement: number;
  autonomy: number;
  allianceIndex: number;
  ended: string;
  members: Record<MemberId, MemberProjection>;
  proposals: Record<string, ProposalProjection>;
  tracks: Record<string, { threat: number; capability: number; crisis: boolean }>;
  players: Record<string, PlayerProjection>;
  /** Private to the facilitator: the injected event waiting for the next briefing. */
  pendingInject: string;
}

function pledgeOf(p: Pledge | undefined): PledgeProjection | null {
  if (!p) return null;
  const c = p.condition;
  return {
    amount: p.amount,
    status: p.status,
    settled: p.settled ?? -1,
    condition: c?.kind ?? '',
    target: c && c.kind !== 'total-at-least' ? c.member : '',
    threshold: c?.kind === 'total-at-least' ? c.total : c?.kind === 'member-at-least' ? c.amount : 0,
  };
}

export function project(state: GameState, code: string, players: Record<string, PlayerProjection>): TableProjection {
  const pub = view(state, { kind: 'observer' });
  const all = view(state, { kind: 'facilitator' });
  const online: Record<string, number> = {};
  for (const p of Object.values(players)) {
    if (p.role === 'member' && p.status === 'online') online[p.member] = (online[p.member] ?? 0) + 1;
  }

  const members: Record<MemberId, MemberProjection> = {};
  for (const id of state.memberOrder) {
    const m = pub.members[id]!;
    const publicPledge = pledgeOf(pub.pledges[id]);
    members[id] = {
      seat: m.seat.controller,
      profile: m.seat.profile ?? '',
      online: online[id] ?? 0,
      participant: m.participant,
      balance: m.balance,
      allocation: m.allocation,
      support: m.support,
      arrears: m.arrears,
      pledged: m.cumulativePledged,
      weight: m.pledgedWeight,
      returns: m.industrialReturns,
      score: { ...m.score },
      pledge: publicPledge,
      objective: all.members[id]!.objective ?? '',
      sealed: publicPledge ? null : pledgeOf(all.pledges[id]),
    };
  }

  const proposals: Record<string, ProposalProjection> = {};
  for (const p of pub.proposals) {
    proposals[p.id] = {
      round: p.round,
      lead: p.lead,
      project: p.project ?? '',
      name: p.name.en,
      channel: p.channel,
      cost: p.cost,
      baseCost: p.baseCost,
      delay: p.delay,
      status: p.status,
      coSponsors: [...p.coSponsors],
      votes: { ...p.votes },
      override: p.override?.outcome ?? '',
    };
  }

  const tracks: TableProjection['tracks'] = {};
  for (const [id, t] of Object.entries(pub.tracks)) tracks[id] = { threat: t.threat, capability: t.capability, crisis: t.crisis };

  return {
    code,
    scenario: pub.scenarioId,
    seq: pub.seq,
    phase: pub.phase,
    round: pub.round,
    rounds: pub.options.rounds,
    endsAt: pub.clock.endsAt ?? 0,
    paused: pub.clock.paused,
    remainingMs: pub.clock.remainingMs ?? 0,
    sealedPledges: pub.options.sealedPledges,
    event: pub.event?.id ?? '',
    eventTitle: pub.event?.source === 'injected' ? pub.event.title.en : '',
    pool: pub.pool,
    cohesion: pub.meters.cohesion,
    usEngagement: pub.meters.usEngagement,
    autonomy: pub.meters.autonomy,
    allianceIndex: pub.allianceIndex,
    ended: pub.ended?.reason ?? '',
    members,
    proposals,
    tracks,
    players,
    pendingInject: all.pendingInject?.title.en ?? '',
  };
}
