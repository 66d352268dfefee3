import type { Effect, Meter, Region, Rule, Scenario, Text, Timers } from '../scenario/schema.ts';
import type { BotProfile, PledgeCondition } from './actions.ts';

export type MemberId = string;
export type ProposalId = string;
export type Phase = 'lobby' | 'briefing' | 'pledging' | 'proposals' | 'negotiation' | 'voting' | 'ended';
export type Channel = 'fund' | 'common';
export type Choice = 'yes' | 'no' | 'abstain';

/** Who acts. Identity comes from the connection (R1.1); the system actor is the room's clock. */
export type Actor =
  | { kind: 'member'; member: MemberId }
  | { kind: 'facilitator' }
  | { kind: 'observer' }
  | { kind: 'system' };

/** Who looks: `view(state, viewer)` filters secrets for each (R7). */
export type Viewer = { kind: 'member'; member: MemberId } | { kind: 'observer' } | { kind: 'facilitator' };

export interface Seat {
  controller: 'open' | 'human' | 'bot';
  profile?: BotProfile;
}

export interface Score {
  security: number;
  influence: number;
  objectives: number;
  returns: number;
  prudence: number;
  total: number;
}

export interface MemberState {
  id: MemberId;
  /** Unspent money, $m (R2.2 unspent money carries over). */
  balance: number;
  allocation: number;
  cumulativeAllocation: number;
  cumulativePledged: number;
  /** Weight under the 'pledged' basis: the opening credit plus every settled pledge (R4.1). */
  pledgedWeight: number;
  participant: boolean;
  support: number;
  arrears: number;
  industrialReturns: number;
  costShare: number;
  objective: string;
  score: Score;
  seat: Seat;
}

export interface Pledge {
  amount: number;
  condition?: PledgeCondition;
  /** After settlement (R3.4): the amount that moved to the pool. */
  settled?: number;
  status: 'pending' | 'honoured' | 'fallen';
}

export interface Tally {
  rule: Rule;
  electorate: MemberId[];
  yes: MemberId[];
  no: MemberId[];
  abstain: MemberId[];
  silent: MemberId[];
  countShare: number;
  weightShare: number;
  countMet: boolean;
  weightMet: boolean;
  /** True when the weight criterion was deemed met for want of a blocking minority (R4.6). */
  blockingMinorityMissing: boolean;
  vetoedBy: MemberId[];
  passed: boolean;
}

export type ProposalStatus = 'open' | 'approved' | 'rejected' | 'withdrawn' | 'funded' | 'delivered';
/** R3.7 a proposal is on the table while open, approved, or funded but undelivered. */
export const isOnTable = (status: string): boolean => status === 'open' || status === 'approved' || status === 'funded';

export interface Proposal {
  id: ProposalId;
  round: number;
  lead: MemberId;
  project: string | null;
  name: Text;
  description: Text;
  channel: Channel;
  baseCost: number;
  cost: number;
  delay: number;
  regions: Region[];
  /** Effects on delivery at the catalog cost, and as scaled by cost ÷ base cost (R3.12). */
  baseEffects: Effect[];
  effects: Effect[];
  coSponsors: MemberId[];
  votes: Record<MemberId, Choice>;
  status: ProposalStatus;
  tally?: Tally;
  yesWeight?: number;
  override?: { outcome: 'approved' | 'rejected'; reason: string };
  fundedRound?: number;
  deliverRound?: number;
}

export interface ChatMessage {
  id: number;
  round: number;
  phase: Phase;
  at: number;
  from: MemberId | 'facilitator';
  /** Empty: the public table; otherwise the private channel's members (sender included). */
  to: MemberId[];
  text: string;
}

export interface EventInPlay {
  id: string;
  title: Text;
  text: Text;
  effects: Effect[];
  source: 'deck' | 'trigger' | 'injected';
}

export interface RoundReport {
  round: number;
  year: number;
  event: EventInPlay | null;
  pledges: { member: MemberId; amount: number; condition?: PledgeCondition; settled: number; status: Pledge['status'] }[];
  proposals: {
    id: ProposalId;
    name: Text;
    channel: Channel;
    lead: MemberId;
    cost: number;
    outcome: 'approved' | 'rejected' | 'withdrawn';
    funded: boolean;
    tally?: Tally;
    override?: string;
  }[];
  funded: ProposalId[];
  unfunded: ProposalId[];
  delivered: ProposalId[];
  crises: string[];
  arrears: MemberId[];
  returns: Record<MemberId, number>;
  poolAfter: number;
  meters: Record<Meter, number>;
  tracks: Record<string, { threat: number; capability: number }>;
  scores: Record<MemberId, number>;
  /** R9.6 (v2, when the scenario has ratification) each roll at home: bill, chance of failure, outcome. */
  ratification?: Ratification[];
  /** R9.12 (v2) approved fund projects that waited too long and lapsed. */
  lapsed?: ProposalId[];
}

export interface Ratification {
  member: MemberId;
  /** The round's bill: settled pledge plus shares of newly approved common projects ($m). */
  bill: number;
  /** What domestic support carries ($m). */
  carried: number;
  /** Chance of failure, 0–1. */
  risk: number;
  /** The seeded roll, 0–1: the bill fails at home when roll < risk. */
  roll: number;
  ratified: boolean;
  /** What the failure withdrew from the pool ($m) and the common projects it brought down. */
  withdrawn: number;
  fallen: ProposalId[];
}

export interface Clock {
  /** When the running phase times out (ms since epoch, the room's clock); null when none runs. */
  endsAt: number | null;
  paused: boolean;
  /** While paused: what was left of the phase. */
  remainingMs: number | null;
}

export interface GameOptions {
  timers: Timers;
  rules: { fund: Rule; common: Rule };
  sealedPledges: boolean;
  rounds: number;
  /** R9.1 the rules version; absent for version 1. */
  rulesVersion?: number;
}

export interface GameState {
  engineVersion: number;
  scenario: Scenario;
  options: GameOptions;
  seed: number;
  rng: number;
  seq: number;
  round: number;
  phase: Phase;
  clock: Clock;
  memberOrder: MemberId[];
  members: Record<MemberId, MemberState>;
  tracks: Record<string, { threat: number; capability: number; crisis: boolean }>;
  meters: Record<Meter, number>;
  pool: number;
  /** Money conservation: issued − spent = Σ balances + pool (invariant, checked by the fuzz). */
  ledger: { issued: number; spent: number };
  pledges: Record<MemberId, Pledge>;
  proposals: Proposal[];
  deck: string[];
  usedEvents: string[];
  pendingInject: EventInPlay | null;
  event: EventInPlay | null;
  chat: ChatMessage[];
  crises: { round: number; track: string }[];
  history: RoundReport[];
  overrides: { round: number; phase: Phase; target: string; reason: string }[];
  ended: null | { reason: 'rounds' | 'fracture' | 'facilitator'; round: number; note?: string };
  allianceIndex: number;
  /** R1.7 player → the member state it sits at; `null` once removed (shared/src/engine/seats.ts). */
  seating: Record<string, MemberId | null>;
}
