import type { Deviation } from '../bots/decide.ts';
import { BOT_PROFILES, type BotProfile } from '../engine/actions.ts';
import type { GameSetup } from '../engine/create.ts';
import type { GameState, MemberId } from '../engine/types.ts';
import type { Scenario } from '../scenario/schema.ts';
import { dealProfiles, simulateGame } from './simulate.ts';

/**
 * Balance measurement (issue #13, docs/BALANCE.md): seeded bot games, every figure a count over
 * them. Pure and deterministic: the same scenario, seeds and counts give the same figures.
 */



/** Seats sharing the top score share the win. */
function winners(state: GameState): MemberId[] {
  const best = Math.max(...state.memberOrder.map((id) => state.members[id]!.score.total));
  return state.memberOrder.filter((id) => state.members[id]!.score.total === best);
}

export interface ScenarioFigures {
  games: number;
  members: MemberId[];
  profileSeatShare: Record<string, number>;
  profileWinShare: Record<string, number>;
  memberWinShare: Record<MemberId, number>;
  objectiveMet: Record<string, { dealt: number; met: number }>;
  proposals: number;
  commonShare: number;
  passedShare: number;
  usDecidingNoGames: number;
  fundVotes: number;
  closeFundVotes: number;
  weightDecided: number;
  ratificationRolls: number;
  ratificationFailures: number;
  briefings: number;
  triggeredBriefings: number;
  deckEventGames: Record<string, number>;
  eventGames: Record<string, number>;
  fundSpending: number;
  round1Spending: number;
  unfundedAtEnd: number;
  fractures: number;
  crises: number;
  allianceIndex: number;
  meanScore: number;
}

/** Plays `games` seeded games (seeds 1..games) with dealt profiles and counts every figure. */
export function measureScenario(scenario: Scenario, games: number, setup: GameSetup = {}): ScenarioFigures {
  const n = scenario.members.length;
  const f: ScenarioFigures = {
    games, members: scenario.members.map((m) => m.id), profileSeatShare: {}, profileWinShare: {}, memberWinShare: {},
    objectiveMet: {}, proposals: 0, commonShare: 0, passedShare: 0, usDecidingNoGames: 0, fundVotes: 0,
    closeFundVotes: 0, weightDecided: 0, ratificationRolls: 0, ratificationFailures: 0, briefings: 0,
    triggeredBriefings: 0, deckEventGames: {}, eventGames: {}, fundSpending: 0, round1Spending: 0,
    unfundedAtEnd: 0, fractures: 0, crises: 0, allianceIndex: 0, meanScore: 0,
  };
  const seats: Record<string, number> = {};
  const wins: Record<string, number> = {};
  let common = 0;
  let passed = 0;
  for (const e of scenario.events) if (!e.trigger) f.deckEventGames[e.id] = 0;
  for (let g = 1; g <= games; g++) {
    const { state, profiles } = simulateGame(scenario, g, setup);
    const top = winners(state);
    for (const id of state.memberOrder) {
      const p = profiles[id]!;
      seats[p] = (seats[p] ?? 0) + 1;
      if (top.includes(id)) {
        wins[p] = (wins[p] ?? 0) + 1 / top.length;
        f.memberWinShare[id] = (f.memberWinShare[id] ?? 0) + 1 / top.length;
      }
      const m = state.members[id]!;
      const o = (f.objectiveMet[m.objective] ??= { dealt: 0, met: 0 });
      o.dealt += 1;
      if (m.score.objectives > 0) o.met += 1;
      f.meanScore += m.score.total / n;
    }
    const hegemon = scenario.constants.hegemon;
    let usDecided = false;
    for (const p of state.proposals) {
      if (p.status === 'withdrawn') continue;
      f.proposals += 1;
      if (p.channel === 'common') common += 1;
      if (p.tally?.passed) passed += 1;
      const t = p.tally;
      if (!t) continue;
      if (hegemon && !t.passed && t.no.includes(hegemon)) {
        // Deciding: the hegemon's "no" alone blocks (a sole veto), or its yes would have met both criteria.
        if (t.rule.veto && t.vetoedBy.length === 1) usDecided = true;
      }
      if (p.channel === 'fund') {
        f.fundVotes += 1;
        const size = t.electorate.length;
        const needed = t.rule.passCountShare === null ? 0 : Math.ceil(t.rule.passCountShare * size - 1e-9);
        const countClose = t.rule.passCountShare !== null && Math.abs(t.yes.length - needed) <= 1;
        const weightClose = t.rule.passWeightShare !== null && Math.abs(t.weightShare - t.rule.passWeightShare) <= 0.05;
        if (countClose || weightClose) f.closeFundVotes += 1;
        if (t.countMet && t.rule.passWeightShare !== null && (!t.weightMet || t.blockingMinorityMissing)) f.weightDecided += 1;
      }
    }
    if (usDecided) f.usDecidingNoGames += 1;
    const seen = new Set<string>();
    for (const r of state.history) {
      f.briefings += 1;
      if (r.event?.source === 'trigger') f.triggeredBriefings += 1;
      if (r.event) seen.add(r.event.id);
      for (const x of r.ratification ?? []) {
        f.ratificationRolls += 1;
        if (!x.ratified) f.ratificationFailures += 1;
      }
    }
    for (const id of seen) {
      f.eventGames[id] = (f.eventGames[id] ?? 0) + 1;
      if (f.deckEventGames[id] !== undefined) f.deckEventGames[id] += 1;
    }
    for (const p of state.proposals) {
      if (p.channel !== 'fund' || p.fundedRound === undefined) continue;
      f.fundSpending += p.cost;
      if (p.fundedRound === 1) f.round1Spending += p.cost;
    }
    f.unfundedAtEnd += state.proposals.filter((p) => p.status === 'approved').length;
    if (state.ended?.reason === 'fracture') f.fractures += 1;
    f.crises += state.crises.length;
    f.allianceIndex += state.allianceIndex;
  }
  const totalSeats = games * n;
  for (const p of Object.keys(seats)) {
    f.profileSeatShare[p] = seats[p]! / totalSeats;
    f.profileWinShare[p] = (wins[p] ?? 0) / games;
  }
  for (const id of f.members) f.memberWinShare[id] = (f.memberWinShare[id] ?? 0) / games;
  f.commonShare = f.proposals ? common / f.proposals : 0;
  f.passedShare = f.proposals ? passed / f.proposals : 0;
  f.meanScore /= games;
  f.allianceIndex /= games;
  return f;
}

export interface SeatRun {
  member: MemberId;
  variant: string;
  mean: number;
}

/** The mean score of one seat over `games` seeds, others keeping their dealt profiles. */
export function seatMean(scenario: Scenario, member: MemberId, games: number, profile: BotProfile | null, deviation?: Deviation, others?: BotProfile): number {
  let total = 0;
  for (let g = 1; g <= games; g++) {
    const profiles = dealProfiles(scenario, g);
    if (others) for (const id of Object.keys(profiles)) profiles[id] = others;
    if (profile) profiles[member] = profile;
    const options = deviation ? { deviations: { [member]: deviation } } : {};
    total += simulateGame(scenario, g, {}, profiles, options).state.members[member]!.score.total;
  }
  return total / games;
}

export interface DeviationFigures {
  games: number;
  /** Per seat: the best profile and its mean, and each deviation's gain over it. */
  seats: { member: MemberId; best: string; bestMean: number; worstGain: { variant: string; gain: number } }[];
  maxGain: { member: MemberId; variant: string; gain: number };
}

/** Single-seat deviations: every profile at the seat, then a token pledge, herd voting, silence. */
export function measureDeviations(scenario: Scenario, games: number): DeviationFigures {
  const seats: DeviationFigures['seats'] = [];
  let maxGain = { member: '', variant: '', gain: -Infinity };
  for (const spec of scenario.members) {
    const id = spec.id;
    const byProfile = BOT_PROFILES.map((p) => ({ variant: p as string, mean: seatMean(scenario, id, games, p) }));
    const best = byProfile.reduce((a, b) => (b.mean > a.mean ? b : a));
    const deviations = (['token', 'herd', 'silent'] as Deviation[]).map((d) => ({
      variant: `${best.variant}+${d}`, mean: seatMean(scenario, id, games, best.variant as BotProfile, d),
    }));
    const worst = deviations.reduce((a, b) => (b.mean > a.mean ? b : a));
    const gain = best.mean !== 0 ? (worst.mean - best.mean) / Math.abs(best.mean) : 0;
    seats.push({ member: id, best: best.variant, bestMean: best.mean, worstGain: { variant: worst.variant, gain } });
    if (gain > maxGain.gain) maxGain = { member: id, variant: worst.variant, gain };
  }
  return { games, seats, maxGain };
}

export interface DilemmaFigures {
  games: number;
  allSteady: { mean: number; index: number };
  allFreeRider: { mean: number; index: number };
  /** Mean over seats of (free rider's score − steady's score) at that seat, others steady. */
  temptation: number;
  /** Mean over seats of (conditional − steady) at that seat, others steady. */
  conditionalEdge: number;
}

function uniform(scenario: Scenario, games: number, profile: BotProfile): { mean: number; index: number } {
  let mean = 0;
  let index = 0;
  for (let g = 1; g <= games; g++) {
    const profiles: Record<MemberId, BotProfile> = {};
    for (const m of scenario.members) profiles[m.id] = profile;
    const { state } = simulateGame(scenario, g, {}, profiles);
    mean += state.memberOrder.reduce((s, id) => s + state.members[id]!.score.total, 0) / state.memberOrder.length;
    index += state.allianceIndex;
  }
  return { mean: mean / games, index: index / games };
}

/** The social dilemma: all contribute, all free ride, one seat tempted, one seat conditional. */
export function measureDilemma(scenario: Scenario, games: number, seatGames: number): DilemmaFigures {
  let temptation = 0;
  let conditionalEdge = 0;
  for (const m of scenario.members) {
    const steady = seatMean(scenario, m.id, seatGames, 'steady', undefined, 'steady');
    temptation += seatMean(scenario, m.id, seatGames, 'free-rider', undefined, 'steady') - steady;
    conditionalEdge += seatMean(scenario, m.id, seatGames, 'conditional', undefined, 'steady') - steady;
  }
  return {
    games,
    allSteady: uniform(scenario, games, 'steady'),
    allFreeRider: uniform(scenario, games, 'free-rider'),
    temptation: temptation / scenario.members.length,
    conditionalEdge: conditionalEdge / scenario.members.length,
  };
}
