import type { ActionType } from '../engine/actions.ts';
import { createGame } from '../engine/create.ts';
import { replay, type GameLog } from '../engine/replay.ts';
import type {
  Actor, ChatMessage, Choice, GameState, MemberId, Phase, Pledge, ProposalId, ProposalStatus, RoundReport,
  Score, Tally,
} from '../engine/types.ts';
import type { PledgeCondition } from '../engine/actions.ts';
import { electorate, weightOf } from '../engine/voting.ts';
import type { Meter, Region, Rule, Text } from '../scenario/schema.ts';
import {
  COUNTERFACTUAL_RULES, counterfactualTallies, presetName, type CounterfactualRule, type ElectorateSnapshot,
  type RetallyResult,
} from './counterfactual.ts';
import { powerIndices, ruleGame, type PowerIndices, type PowerOptions } from './power.ts';
import { linearFit, pearson, spearman, type LinearFit } from './stats.ts';

/**
 * The debrief's data, derived from the session log by one replay (R8.1: restart recovery, the
 * replay viewer and the after-action report rest on the same mechanism). Everything is plain,
 * JSON-serialisable data: the HTML report, the CSV tables and the client's debrief screen render it.
 * Privacy is applied here, so a `Debrief` never carries what its options did not allow: message
 * content only when the facilitator opts in, display names only when given and not anonymised.
 */
export interface DebriefOptions {
  /** Include chat and announcement texts (default false: counts only). */
  includeMessageContent?: boolean;
  /** Players' display names per member state, from the server's seats (facilitator exports only). */
  displayNames?: Record<MemberId, string[]>;
  /** Drop display names: members appear by their member-state names only. */
  anonymise?: boolean;
  /** Voting-power computation (method, Monte-Carlo samples); seeded from the session's seed. */
  power?: PowerOptions;
  /**
   * A student's copy for this member's delegation (docs/DEBRIEF.md "Privacy"): no message content,
   * no display names, and of the private lines only those this member sent or received.
   */
  viewer?: MemberId;
}

export interface DebriefMember {
  id: MemberId;
  name: Text;
  gdp: number;
  population: number;
  regions: Region[];
  colour: string;
  participantAtStart: boolean;
  participant: boolean;
  displayNames?: string[];
}

export interface DebriefRound {
  report: RoundReport;
  allianceIndex: number;
  /** Each member's settled pledges up to and including this round, $m. */
  cumulativePledged: Record<MemberId, number>;
  snapshot: ElectorateSnapshot;
  messages: number;
}

export interface DebriefProposal {
  id: ProposalId;
  round: number;
  name: Text;
  custom: boolean;
  channel: 'fund' | 'common';
  lead: MemberId;
  coSponsors: MemberId[];
  cost: number;
  baseCost: number;
  status: ProposalStatus;
  /** The decided outcome (an override decides it; the tally is kept for the record, R5.2). */
  outcome: 'approved' | 'rejected';
  funded: boolean;
  delivered: boolean;
  tally: Tally;
  override: { outcome: 'approved' | 'rejected'; reason: string } | null;
  votes: Record<MemberId, Choice>;
  /** Vote actions recorded on this proposal (more than the voters: some changed their minds). */
  voteActions: number;
  snapshot: ElectorateSnapshot;
  counterfactual: Record<CounterfactualRule, RetallyResult>;
}

export interface WithdrawnProposal {
  id: ProposalId;
  round: number;
  name: Text;
  channel: 'fund' | 'common';
  lead: MemberId;
  cost: number;
}

export interface ConditionalPledge {
  round: number;
  member: MemberId;
  amount: number;
  condition: PledgeCondition;
  settled: number;
  status: Pledge['status'];
}

export interface BurdenPoint {
  member: MemberId;
  gdp: number;
  pledged: number;
  /** Cumulative pledges ÷ (GDP × 1000), in % of one year's GDP. */
  sharePct: number;
  /** The member's real defence spending, % of GDP (its allocation follows it, docs/RULES.md R2.2). */
  defencePct: number;
  /** Cumulative pledges ÷ cumulative allocations, in %: the effort the game let the member choose; null without allocations. */
  effortPct: number | null;
  /** Whether the member's pledges were its own choice to compare (docs/DEBRIEF.md "Burden sharing"). */
  comparable: boolean;
}

/**
 * Burden sharing, like with like (docs/DEBRIEF.md "Burden sharing"): `fit`, `r` and `spearman` are
 * over the comparable members only — a member that started outside the fund and never pledged has a
 * zero set by the scenario, not by play. `all` keeps the figures over every member for the record;
 * `mirror` is r between real defence spending and the share of GDP pledged (how much of the picture
 * the allocation formula explains); `effort` is r between GDP and pledges ÷ allocations.
 */
export interface BurdenSharing {
  points: BurdenPoint[];
  fit: LinearFit | null;
  r: number | null;
  spearman: number | null;
  /** Members left out of the comparison: outside the fund by the scenario, and never pledged. */
  excluded: MemberId[];
  all: { r: number | null; spearman: number | null };
  mirror: number | null;
  effort: number | null;
}

export interface PowerAnalysis {
  rule: Rule;
  ruleName: string | null;
  indices: PowerIndices | null;
}

export interface CounterfactualSummary {
  rules: CounterfactualRule[];
  /** Approved proposals with at least one "no": a consensus rule would have let that member kill them. */
  killedByVeto: { proposal: ProposalId; vetoers: MemberId[] }[];
  /** Rejected proposals that more than half of all members voted for. */
  passedByMajority: { proposal: ProposalId; yes: number; electorate: number }[];
  /** Rejected proposals the fund's qualified majority would have passed (e.g. a vetoed common project). */
  passedByQmv: { proposal: ProposalId }[];
  /** Per rule: how many tallied proposals would have had the other outcome than the vote decided. */
  flipped: Record<CounterfactualRule, number>;
}

export interface Agreement {
  a: MemberId;
  b: MemberId;
  /** Proposals both voted on (yes, no or abstain), and on how many they cast the same vote. */
  both: number;
  same: number;
}

export interface MessageStats {
  total: number;
  public: number;
  private: number;
  announcements: number;
  /** Private messages, one count per recipient: a message to a channel of three counts twice. */
  pairs: { from: MemberId; to: MemberId; count: number }[];
  sent: Record<MemberId, { public: number; private: number }>;
  /** The texts, only when the facilitator opted in; otherwise null. */
  content: ChatMessage[] | null;
}

export interface ActionRecord {
  seq: number;
  at: number;
  /** The round and phase in which the action was taken. */
  round: number;
  phase: Phase;
  actor: Actor;
  type: ActionType;
  /** The action's fields without its type; chat and announcement texts only with content opted in. */
  detail: Record<string, unknown>;
}

export interface ScoreRow {
  member: MemberId;
  score: Score;
  support: number;
  balance: number;
  cumulativeAllocation: number;
  cumulativePledged: number;
  industrialReturns: number;
  /** Revealed once the game has ended (R7.1); null before. */
  objective: { id: string; title: Text; text: Text; met: boolean } | null;
}

export interface CrisisRecord {
  round: number;
  track: string;
  members: MemberId[];
}

export interface Debrief {
  format: 'aspf-debrief';
  version: 1;
  engineVersion: number;
  /** docs/RULES.md R9.1: the rules version the session was played under. */
  rulesVersion: number;
  seed: number;
  scenario: {
    id: string;
    title: Text;
    notes: Text;
    startYear: number;
    rounds: number;
    tracks: { id: string; name: Text; regions: Region[] }[];
    hegemon: MemberId | null;
  };
  rules: { fund: Rule; common: Rule; fundName: string | null; commonName: string | null };
  progress: {
    round: number;
    phase: Phase;
    ended: GameState['ended'];
    actions: number;
    firstAt: number | null;
    lastAt: number | null;
    /** The event of a round that has begun but not been resolved yet (public once played). */
    event: GameState['event'];
  };
  members: DebriefMember[];
  initial: { pool: number; meters: Record<Meter, number>; tracks: Record<string, { threat: number; capability: number }> };
  rounds: DebriefRound[];
  proposals: DebriefProposal[];
  withdrawn: WithdrawnProposal[];
  conditionalPledges: ConditionalPledge[];
  returns: Record<MemberId, number>;
  burden: BurdenSharing;
  power: PowerAnalysis;
  counterfactual: CounterfactualSummary;
  agreement: Agreement[];
  messages: MessageStats;
  interventions: ActionRecord[];
  overrides: GameState['overrides'];
  crises: CrisisRecord[];
  scores: ScoreRow[];
  allianceIndex: number;
  pool: number;
  meters: Record<Meter, number>;
  actions: ActionRecord[];
  privacy: { messageContent: boolean; displayNames: boolean };
}

const PALETTE = ['#1f5fa8', '#c0392b', '#1e8449', '#8e44ad', '#b9770e', '#117a8b', '#a04000', '#2e4053', '#c2185b', '#5d6d7e'];

function snapshotOf(state: GameState): ElectorateSnapshot {
  const pledgedWeight: Record<MemberId, number> = {};
  for (const id of state.memberOrder) pledgedWeight[id] = state.members[id]!.pledgedWeight;
  return { round: state.round, participants: state.memberOrder.filter((id) => state.members[id]!.participant), pledgedWeight };
}

function detailOf(action: GameLog['entries'][number]['action'], content: boolean): Record<string, unknown> {
  const { type: _type, ...rest } = action;
  if ((action.type === 'chat' || action.type === 'announce') && !content) {
    const { text, ...others } = rest as { text: string };
    return { ...others, chars: text.length };
  }
  return rest;
}

/** `buildDebrief(log)`: replay the log once and derive every figure of the debrief from it. */
export function buildDebrief(log: GameLog, options: DebriefOptions = {}): Debrief {
  const viewer = options.viewer;
  if (viewer !== undefined) options = { ...options, includeMessageContent: false, anonymise: true, displayNames: undefined };
  const content = options.includeMessageContent === true;
  const start = createGame(log.scenario, log.seed, log.setup);
  const actions: ActionRecord[] = [];
  const snapshots = new Map<ProposalId, ElectorateSnapshot>();
  const roundExtras: { allianceIndex: number; snapshot: ElectorateSnapshot }[] = [];
  const conditionalPledges: ConditionalPledge[] = [];
  let round = start.round;
  let phase: Phase = start.phase;

  const final = replay(log, (state, entry, events) => {
    const a = entry.action;
    const hidden = viewer !== undefined && a.type === 'chat' && a.to.length > 0 && entry.actor.kind === 'member' && entry.actor.member !== viewer && !a.to.includes(viewer);
    if (!hidden) actions.push({ seq: entry.seq, at: entry.at, round, phase, actor: entry.actor, type: entry.action.type, detail: detailOf(entry.action, content) });
    for (const e of events) {
      // Resolution and the briefing that may follow in the same step change neither participation nor
      // pledged weight, so the state after the step holds the electorate the votes were tallied in
      // (tests check that re-tallying under the proposal's own rule reproduces the engine's tally).
      if (e.type === 'proposalPassed' || e.type === 'proposalRejected') snapshots.set(e.proposal, snapshotOf(state));
      if (e.type === 'roundResolved') roundExtras.push({ allianceIndex: state.allianceIndex, snapshot: snapshotOf(state) });
      // R3.4 conditions are read when pledging closes: a later upward revision replaces the pledge.
      if (e.type === 'pledgesSettled') {
        for (const id of state.memberOrder) {
          const p = state.pledges[id];
          if (p?.condition) conditionalPledges.push({ round: state.round, member: id, amount: p.amount, condition: p.condition, settled: p.settled ?? 0, status: p.status });
        }
      }
    }
    round = state.round;
    phase = state.phase;
  });

  const scenario = log.scenario;
  const order = final.memberOrder;
  const visible = (c: ChatMessage) => viewer === undefined || c.to.length === 0 || c.from === 'facilitator' || c.from === viewer || c.to.includes(viewer);
  const specOf = (id: MemberId) => scenario.members.find((m) => m.id === id)!;
  const showNames = !options.anonymise && options.displayNames !== undefined;

  const members: DebriefMember[] = order.map((id, i) => {
    const spec = specOf(id);
    const names = showNames ? (options.displayNames![id] ?? []).filter((n) => n.trim().length > 0) : [];
    return {
      id, name: spec.name, gdp: spec.gdp, population: spec.population, regions: [...spec.regions],
      colour: spec.colour ?? PALETTE[i % PALETTE.length]!, participantAtStart: spec.participant,
      participant: final.members[id]!.participant, ...(names.length ? { displayNames: names } : {}),
    };
  });

  // Rounds: the engine's reports, with running pledge totals.
  const running: Record<MemberId, number> = Object.fromEntries(order.map((id) => [id, 0]));
  const rounds: DebriefRound[] = final.history.map((report, i) => {
    for (const p of report.pledges) running[p.member] = (running[p.member] ?? 0) + p.settled;
    const extra = roundExtras[i]!;
    return {
      report, allianceIndex: extra.allianceIndex, cumulativePledged: { ...running }, snapshot: extra.snapshot,
      messages: final.chat.filter((c) => c.round === report.round && visible(c)).length,
    };
  });

  const voteActions = new Map<ProposalId, number>();
  for (const a of actions) if (a.type === 'vote') voteActions.set(String(a.detail.proposal), (voteActions.get(String(a.detail.proposal)) ?? 0) + 1);

  const proposals: DebriefProposal[] = final.proposals.filter((p) => p.tally).map((p) => {
    const snapshot = snapshots.get(p.id) ?? snapshotOf(final);
    return {
      id: p.id, round: p.round, name: p.name, custom: p.project === null, channel: p.channel, lead: p.lead,
      coSponsors: [...p.coSponsors], cost: p.cost, baseCost: p.baseCost, status: p.status,
      outcome: p.status === 'rejected' ? 'rejected' : 'approved',
      funded: p.status === 'funded' || p.status === 'delivered', delivered: p.status === 'delivered',
      tally: p.tally!, override: p.override ?? null, votes: { ...p.votes }, voteActions: voteActions.get(p.id) ?? 0,
      snapshot, counterfactual: counterfactualTallies(scenario, snapshot, p.votes),
    };
  });
  const withdrawn: WithdrawnProposal[] = final.proposals.filter((p) => p.status === 'withdrawn')
    .map((p) => ({ id: p.id, round: p.round, name: p.name, channel: p.channel, lead: p.lead, cost: p.cost }));

  const returns: Record<MemberId, number> = Object.fromEntries(order.map((id) => [id, 0]));
  for (const r of final.history) for (const [id, x] of Object.entries(r.returns)) returns[id] = (returns[id] ?? 0) + x;

  // Burden sharing: GDP against the share of GDP pledged over the game (Olson & Zeckhauser 1966).
  const points: BurdenPoint[] = order.map((id) => {
    const spec = specOf(id);
    const pledged = running[id] ?? 0;
    const allocated = final.members[id]!.cumulativeAllocation;
    return {
      member: id, gdp: spec.gdp, pledged, sharePct: (100 * pledged) / (spec.gdp * 1000), defencePct: spec.defencePct,
      effortPct: allocated > 0 ? (100 * pledged) / allocated : null, comparable: spec.participant || pledged > 0,
    };
  });
  const burden = burdenSharing(points);

  // Voting power under the fund's rule at the final weights.
  const fundRule = final.options.rules.fund;
  const voters = electorate(final, fundRule);
  const weights: Record<MemberId, number> = {};
  for (const id of voters) weights[id] = weightOf(final, fundRule, id);
  const power: PowerAnalysis = {
    rule: fundRule, ruleName: presetName(scenario, fundRule),
    indices: voters.length > 0 ? powerIndices(ruleGame(fundRule, voters, weights), { seed: `${log.seed}`, ...options.power }) : null,
  };

  const counterfactual = summariseCounterfactuals(proposals);
  const agreement = agreementOf(order, proposals);
  const messages = messageStats(final, content, viewer);
  const trackRegions = new Map(scenario.tracks.map((t) => [t.id, t.regions]));
  const crises: CrisisRecord[] = final.crises.map((c) => {
    const regions = trackRegions.get(c.track) ?? [];
    return { round: c.round, track: c.track, members: order.filter((id) => regions.length === 0 || specOf(id).regions.some((r) => regions.includes(r))) };
  });

  const ended = final.phase === 'ended';
  const scores: ScoreRow[] = order.map((id) => {
    const m = final.members[id]!;
    const objective = scenario.objectives.find((o) => o.id === m.objective);
    return {
      member: id, score: { ...m.score }, support: m.support, balance: m.balance, cumulativeAllocation: m.cumulativeAllocation,
      cumulativePledged: m.cumulativePledged, industrialReturns: m.industrialReturns,
      objective: ended && objective ? { id: objective.id, title: objective.title, text: objective.text, met: m.score.objectives > 0 } : null,
    };
  });

  return {
    format: 'aspf-debrief',
    version: 1,
    engineVersion: final.engineVersion,
    rulesVersion: final.options.rulesVersion ?? 1,
    seed: final.seed,
    scenario: {
      id: scenario.id, title: scenario.title, notes: scenario.notes, startYear: scenario.startYear, rounds: final.options.rounds,
      tracks: scenario.tracks.map((t) => ({ id: t.id, name: t.name, regions: [...t.regions] })), hegemon: scenario.constants.hegemon,
    },
    rules: {
      fund: fundRule, common: final.options.rules.common,
      fundName: presetName(scenario, fundRule), commonName: presetName(scenario, final.options.rules.common),
    },
    progress: {
      round: final.round, phase: final.phase, ended: final.ended, actions: log.entries.length,
      firstAt: log.entries[0]?.at ?? null, lastAt: log.entries.at(-1)?.at ?? null,
      event: final.round > final.history.length ? final.event : null,
    },
    members,
    initial: {
      pool: start.pool, meters: { ...start.meters },
      tracks: Object.fromEntries(Object.entries(start.tracks).map(([id, t]) => [id, { threat: t.threat, capability: t.capability }])),
    },
    rounds,
    proposals,
    withdrawn,
    conditionalPledges,
    returns,
    burden,
    power,
    counterfactual,
    agreement,
    messages,
    interventions: actions.filter((a) => a.actor.kind === 'facilitator'),
    overrides: final.overrides.map((o) => ({ ...o })),
    crises,
    scores,
    allianceIndex: final.allianceIndex,
    pool: final.pool,
    meters: { ...final.meters },
    actions,
    privacy: { messageContent: content, displayNames: members.some((m) => m.displayNames) },
  };
}

function burdenSharing(points: BurdenPoint[]): BurdenSharing {
  const like = points.filter((p) => p.comparable);
  const xs = like.map((p) => p.gdp);
  const ys = like.map((p) => p.sharePct);
  const withEffort = like.filter((p) => p.effortPct !== null);
  return {
    points, fit: linearFit(xs, ys), r: pearson(xs, ys), spearman: spearman(xs, ys),
    excluded: points.filter((p) => !p.comparable).map((p) => p.member),
    all: { r: pearson(points.map((p) => p.gdp), points.map((p) => p.sharePct)), spearman: spearman(points.map((p) => p.gdp), points.map((p) => p.sharePct)) },
    mirror: pearson(like.map((p) => p.defencePct), ys),
    effort: pearson(withEffort.map((p) => p.gdp), withEffort.map((p) => p.effortPct!)),
  };
}

function summariseCounterfactuals(proposals: DebriefProposal[]): CounterfactualSummary {
  const flipped = Object.fromEntries(COUNTERFACTUAL_RULES.map((r) => [r, 0])) as Record<CounterfactualRule, number>;
  const killedByVeto: CounterfactualSummary['killedByVeto'] = [];
  const passedByMajority: CounterfactualSummary['passedByMajority'] = [];
  const passedByQmv: CounterfactualSummary['passedByQmv'] = [];
  for (const p of proposals) {
    for (const r of COUNTERFACTUAL_RULES) if (p.counterfactual[r].passed !== p.tally.passed) flipped[r] += 1;
    const consensus = p.counterfactual['nato-consensus'];
    if (p.outcome === 'approved' && !consensus.passed) killedByVeto.push({ proposal: p.id, vetoers: consensus.vetoedBy });
    const majority = p.counterfactual['simple-majority'];
    if (p.outcome === 'rejected' && majority.passed) passedByMajority.push({ proposal: p.id, yes: majority.yes, electorate: majority.electorate });
    if (p.outcome === 'rejected' && p.counterfactual['aspf-qmv'].passed) passedByQmv.push({ proposal: p.id });
  }
  return { rules: [...COUNTERFACTUAL_RULES], killedByVeto, passedByMajority, passedByQmv, flipped };
}

function agreementOf(order: MemberId[], proposals: DebriefProposal[]): Agreement[] {
  const out: Agreement[] = [];
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      const a = order[i]!;
      const b = order[j]!;
      let both = 0;
      let same = 0;
      for (const p of proposals) {
        const va = p.tally.electorate.includes(a) ? p.votes[a] : undefined;
        const vb = p.tally.electorate.includes(b) ? p.votes[b] : undefined;
        if (!va || !vb) continue;
        both += 1;
        if (va === vb) same += 1;
      }
      out.push({ a, b, both, same });
    }
  }
  return out;
}

function messageStats(state: GameState, content: boolean, viewer?: MemberId): MessageStats {
  const sent: MessageStats['sent'] = Object.fromEntries(state.memberOrder.map((id) => [id, { public: 0, private: 0 }]));
  const pairs = new Map<string, number>();
  let pub = 0;
  let priv = 0;
  let announcements = 0;
  for (const c of state.chat) {
    if (c.from === 'facilitator') { announcements += 1; continue; }
    if (c.to.length === 0) { pub += 1; sent[c.from]!.public += 1; continue; }
    // A student's copy keeps only the private lines its own delegation was on.
    if (viewer !== undefined && c.from !== viewer && !c.to.includes(viewer)) continue;
    priv += 1;
    sent[c.from]!.private += 1;
    for (const to of c.to) if (to !== c.from && (viewer === undefined || c.from === viewer || to === viewer)) pairs.set(`${c.from}>${to}`, (pairs.get(`${c.from}>${to}`) ?? 0) + 1);
  }
  const index = (id: string) => state.memberOrder.indexOf(id);
  return {
    total: pub + priv + announcements, public: pub, private: priv, announcements,
    pairs: [...pairs.entries()].map(([k, count]) => {
      const [from, to] = k.split('>') as [string, string];
      return { from, to, count };
    }).sort((x, y) => index(x.from) - index(y.from) || index(x.to) - index(y.to)),
    sent,
    content: content ? state.chat.map((c) => ({ ...c, to: [...c.to] })) : null,
  };
}
