import type { GameView, MemberView } from '../engine/view.ts';
import type { Pledge, Proposal } from '../engine/types.ts';

/**
 * The table's rows as clients receive them, made from a viewer's `view()`: one definition for the
 * room's synchronised state (server/src/room/projection.ts) and for the replay viewer, which
 * rebuilds the table from the log (client/src/store/from-state.ts). Plain data, flat and small.
 */

export interface PledgeRow {
  amount: number;
  status: Pledge['status'];
  /** After settlement: what moved to the pool; -1 before. */
  settled: number;
  condition: '' | 'total-at-least' | 'member-at-least' | 'match';
  /** The member a condition names, or ''. */
  target: string;
  /** The condition's total or amount, or 0. */
  threshold: number;
}

export interface MemberRow {
  seat: 'open' | 'human' | 'bot';
  profile: string;
  participant: boolean;
  balance: number;
  allocation: number;
  support: number;
  arrears: number;
  pledged: number;
  weight: number;
  returns: number;
  /** docs/RULES.md R9.7: the chance in % that the current pledge fails at home (0 when not in play or sealed). */
  ratificationRisk: number;
  score: { security: number; influence: number; objectives: number; returns: number; prudence: number; total: number };
}

export interface ProposalRow {
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

export interface TrackRow {
  threat: number;
  capability: number;
  crisis: boolean;
}

/** The table's scalar fields (everything but its maps and the room's own `code` and players). */
export interface TableHead {
  scenario: string;
  seq: number;
  phase: string;
  round: number;
  rounds: number;
  endsAt: number;
  paused: boolean;
  remainingMs: number;
  sealedPledges: boolean;
  /** The event card's id (a deck event, or an injected one's). */
  event: string;
  /** An injected event's title (it may not be in the scenario's deck). */
  eventTitle: string;
  pool: number;
  cohesion: number;
  usEngagement: number;
  autonomy: number;
  allianceIndex: number;
  ended: string;
}

export function pledgeRow(p: Pledge | undefined): PledgeRow | null {
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

export function memberRow(m: MemberView): MemberRow {
  return {
    seat: m.seat.controller,
    profile: m.seat.profile ?? '',
    participant: m.participant,
    balance: m.balance,
    allocation: m.allocation,
    support: m.support,
    arrears: m.arrears,
    pledged: m.cumulativePledged,
    weight: m.pledgedWeight,
    returns: m.industrialReturns,
    ratificationRisk: Math.round((m.ratificationRisk ?? 0) * 100),
    score: { ...m.score },
  };
}

export function proposalRow(p: Proposal): ProposalRow {
  return {
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

export function trackRows(v: GameView): Record<string, TrackRow> {
  const tracks: Record<string, TrackRow> = {};
  for (const [id, t] of Object.entries(v.tracks)) tracks[id] = { threat: t.threat, capability: t.capability, crisis: t.crisis };
  return tracks;
}

export function tableHead(v: GameView): TableHead {
  return {
    scenario: v.scenarioId,
    seq: v.seq,
    phase: v.phase,
    round: v.round,
    rounds: v.options.rounds,
    endsAt: v.clock.endsAt ?? 0,
    paused: v.clock.paused,
    remainingMs: v.clock.remainingMs ?? 0,
    sealedPledges: v.options.sealedPledges,
    event: v.event?.id ?? '',
    eventTitle: v.event?.source === 'injected' ? v.event.title.en : '',
    pool: v.pool,
    cohesion: v.meters.cohesion,
    usEngagement: v.meters.usEngagement,
    autonomy: v.meters.autonomy,
    allianceIndex: v.allianceIndex,
    ended: v.ended?.reason ?? '',
  };
}
