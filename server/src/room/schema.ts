import { schema, t, type SchemaType } from '@colyseus/schema';

/**
 * The room's synchronised state: the public table, plus `.view()` fields that only clients whose
 * StateView holds that member see (their own delegation; the facilitator holds all). Fields are
 * compact (ids, integers in $m, float32 levels) because every change is sent to every client.
 * Nothing here is written by hand: `sync.ts` mirrors `projection.ts`'s output into it.
 */

export const PledgeState = schema({
  amount: t.int32(),
  /** 'pending' | 'honoured' | 'fallen' */
  status: t.string(),
  /** Money that moved to the pool at settlement; -1 before. */
  settled: t.int32(),
  /** '' | 'total-at-least' | 'member-at-least' | 'match' */
  condition: t.string(),
  /** The member a condition names. */
  target: t.string(),
  /** The total or amount a condition asks for. */
  threshold: t.int32(),
}, 'PledgeState');
export type PledgeState = SchemaType<typeof PledgeState>;

export const ScoreState = schema({
  security: t.float32(),
  influence: t.float32(),
  objectives: t.float32(),
  returns: t.float32(),
  prudence: t.float32(),
  total: t.float32(),
}, 'ScoreState');
export type ScoreState = SchemaType<typeof ScoreState>;

export const MemberState = schema({
  /** 'open' | 'human' | 'bot' */
  seat: t.string(),
  /** The bot's profile when seat = 'bot'. */
  profile: t.string(),
  /** Connected humans at this seat. */
  online: t.uint8(),
  participant: t.boolean(),
  balance: t.int32(),
  allocation: t.int32(),
  support: t.uint8(),
  arrears: t.int32(),
  pledged: t.int32(),
  weight: t.float64(),
  returns: t.int32(),
  /** docs/RULES.md R9.7: ratification risk of the current pledge, in %. */
  ratificationRisk: t.uint8(),
  score: ScoreState,
  /** This round's pledge, when everyone may see it (absent while sealed). */
  pledge: t.ref(PledgeState).optional(),
  /** Private to the delegation (and the facilitator): its secret objective… */
  objective: t.string().view(),
  /**
   * …and its own pledge while pledges are sealed (0: none). Flat fields, not a child: a child
   * created later would not join the StateViews that hold this member.
   */
  sealedAmount: t.int32().view(),
  sealedCondition: t.string().view(),
  sealedTarget: t.string().view(),
  sealedThreshold: t.int32().view(),
}, 'MemberState');
export type MemberState = SchemaType<typeof MemberState>;

export const ProposalState = schema({
  round: t.uint8(),
  lead: t.string(),
  /** Catalog project id; '' for a custom project. */
  project: t.string(),
  /** English name (the catalog's French name is in the scenario). */
  name: t.string(),
  /** 'fund' | 'common' */
  channel: t.string(),
  cost: t.int32(),
  baseCost: t.int32(),
  delay: t.uint8(),
  /** 'open' | 'approved' | 'rejected' | 'withdrawn' | 'funded' | 'delivered' */
  status: t.string(),
  coSponsors: t.array('string'),
  /** member → 'yes' | 'no' | 'abstain' */
  votes: t.map('string'),
  /** Set by an override: 'approved' | 'rejected'. */
  override: t.string(),
}, 'ProposalState');
export type ProposalState = SchemaType<typeof ProposalState>;

export const TrackState = schema({
  threat: t.float32(),
  capability: t.float32(),
  crisis: t.boolean(),
}, 'TrackState');
export type TrackState = SchemaType<typeof TrackState>;

export const PlayerState = schema({
  name: t.string(),
  /** 'facilitator' | 'member' | 'observer' */
  role: t.string(),
  member: t.string(),
  /** 'online' | 'away' (dropped, seat held) | 'offline' */
  status: t.string(),
  /** An observer's pending request for a seat at this member state ('' none). */
  request: t.string(),
}, 'PlayerState');
export type PlayerState = SchemaType<typeof PlayerState>;

/** What the facilitator alone sees (root fields are never filtered, so this is a child in a view). */
export const ControlState = schema({
  /** The title of the injected event waiting for the next briefing ('' none). */
  pendingInject: t.string().view(),
}, 'ControlState');
export type ControlState = SchemaType<typeof ControlState>;

export const TableState = schema({
  code: t.string(),
  scenario: t.string(),
  /** How many accepted actions changed the public table (chat, sealed and private acts do not count). */
  seq: t.uint32(),
  phase: t.string(),
  round: t.uint8(),
  rounds: t.uint8(),
  /** The running phase's deadline, ms since the epoch (server clock); 0 when none runs. */
  endsAt: t.float64(),
  paused: t.boolean(),
  /** While paused: the milliseconds left in the phase. */
  remainingMs: t.uint32(),
  sealedPledges: t.boolean(),
  /** The event card in play ('' none); its text is in the scenario, or in `eventTitle` when injected. */
  event: t.string(),
  eventTitle: t.string(),
  pool: t.int32(),
  cohesion: t.float32(),
  usEngagement: t.float32(),
  autonomy: t.float32(),
  allianceIndex: t.float32(),
  /** '' while playing; 'rounds' | 'fracture' | 'facilitator' once over. */
  ended: t.string(),
  members: t.map(MemberState),
  proposals: t.map(ProposalState),
  tracks: t.map(TrackState),
  players: t.map(PlayerState),
  /** Facilitator only. */
  control: t.ref(ControlState).view(),
}, 'TableState');
export type TableState = SchemaType<typeof TableState>;
