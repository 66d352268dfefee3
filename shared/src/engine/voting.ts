import { BUILTIN_PRESETS, type Rule, type Scenario } from '../scenario/schema.ts';
import type { Choice, GameState, MemberId, Tally } from './types.ts';

/** R4.9 a channel's rule is a preset name (scenario presets first, then the built-in ones) or a rule. */
export function resolveRule(scenario: Scenario, ref: Scenario['rules']['fund']): Rule {
  if (typeof ref !== 'string') return ref;
  const rule = scenario.rulePresets[ref] ?? (BUILTIN_PRESETS as Record<string, Rule>)[ref];
  if (!rule) throw new RangeError(`unknown rule preset "${ref}"`);
  return rule;
}

/** R4.1 who may vote under a rule. */
export function electorate(state: GameState, rule: Rule): MemberId[] {
  return state.memberOrder.filter((id) => votesUnder(rule, state.members[id]!.participant));
}

/** R4.3 a member's weight under the rule's basis. */
export function weightOf(state: GameState, rule: Rule, member: MemberId): number {
  return weightUnder(rule, state.members[member]!.pledgedWeight, state.scenario.members.find((s) => s.id === member)!);
}

const votesUnder = (rule: Rule, participant: boolean): boolean => rule.electorate !== 'participants' || participant;

function weightUnder(rule: Rule, pledgedWeight: number, spec: { population: number; gdp: number }): number {
  switch (rule.weightBasis) {
    case 'pledged': return pledgedWeight;
    case 'population': return spec.population;
    case 'gdp': return spec.gdp;
    case 'equal': return 1;
  }
}

/** What a ballot needs of each member (R4.1 electorate, R4.3 weight), in the scenario's order. */
export interface BallotMember {
  id: MemberId;
  participant: boolean;
  pledgedWeight: number;
  population: number;
  gdp: number;
}

/**
 * R4.1–R4.3 the ballot of a vote from each member's standing: the engine's `ballotFor` at
 * resolution, and the client's live tally from the synchronised table (client/src/store/tally.ts).
 */
export function ballotOf(rule: Rule, members: readonly BallotMember[], votes: Record<MemberId, Choice>): Ballot {
  const voters = members.filter((m) => votesUnder(rule, m.participant));
  const weights: Record<MemberId, number> = {};
  for (const m of voters) weights[m.id] = weightUnder(rule, m.pledgedWeight, m);
  return { electorate: voters.map((m) => m.id), weights, votes };
}

export interface Ballot {
  electorate: MemberId[];
  weights: Record<MemberId, number>;
  votes: Record<MemberId, Choice>;
}

/**
 * R4 the general voting rule. Shares are of the whole electorate: abstention and silence count as
 * not-yes (R4.7), except under a veto rule, where only an explicit "no" blocks (R4.8).
 */
export function tally(rule: Rule, ballot: Ballot): Tally {
  const yes: MemberId[] = [];
  const no: MemberId[] = [];
  const abstain: MemberId[] = [];
  const silent: MemberId[] = [];
  let totalWeight = 0;
  let yesWeight = 0;
  for (const id of ballot.electorate) {
    const w = ballot.weights[id] ?? 0;
    totalWeight += w;
    const choice = ballot.votes[id];
    if (choice === 'yes') { yes.push(id); yesWeight += w; }
    else if (choice === 'no') no.push(id);
    else if (choice === 'abstain') abstain.push(id);
    else silent.push(id);
  }
  const n = ballot.electorate.length;
  const countShare = n === 0 ? 0 : yes.length / n;
  const weightShare = totalWeight === 0 ? 0 : yesWeight / totalWeight;
  // Comparisons get a small tolerance so 0.65 of 100 is not lost to binary fractions.
  const EPS = 1e-9;
  const countMet = rule.passCountShare === null ? true
    : rule.strictCount ? countShare > rule.passCountShare + EPS : countShare >= rule.passCountShare - EPS;
  const nonYes = n - yes.length;
  const weightReached = rule.passWeightShare === null || weightShare >= rule.passWeightShare - EPS;
  // R4.6 with fewer non-yes members than the blocking minimum, the weight criterion is deemed met.
  const minimum = blockingMinimum(rule, n);
  const blockingMinorityMissing = !weightReached && minimum !== null && nonYes < minimum;
  const weightMet = weightReached || blockingMinorityMissing;
  const vetoedBy = rule.veto ? [...no] : [];
  const passed = n > 0 && countMet && weightMet && vetoedBy.length === 0;
  return {
    rule, electorate: [...ballot.electorate], yes, no, abstain, silent, countShare, weightShare,
    countMet, weightMet, blockingMinorityMissing, vetoedBy, passed,
  };
}

/**
 * R4.6 how many non-yes members make a blocking minority in an electorate of `n`; null when the
 * rule has none. R9.11 a rule with a blocking share scales it with the electorate (never below 2).
 */
export function blockingMinimum(rule: Rule, n: number): number | null {
  return rule.blockingShare !== undefined ? Math.max(2, Math.ceil(rule.blockingShare * n - 1e-9)) : rule.blockingMinimum;
}

/** The ballot for a proposal in the current state. */
export function ballotFor(state: GameState, rule: Rule, votes: Record<MemberId, Choice>): Ballot {
  return ballotOf(rule, state.scenario.members.map((spec) => {
    const m = state.members[spec.id]!;
    return { id: spec.id, participant: m.participant, pledgedWeight: m.pledgedWeight, population: spec.population, gdp: spec.gdp };
  }), votes);
}

/**
 * Members whose vote decides the outcome right now: switching their current vote (silence counts as
 * not-yes) to yes, or from yes to no, would flip the result. Shown in live tallies.
 */
export function pivotalMembers(rule: Rule, ballot: Ballot): MemberId[] {
  const base = tally(rule, ballot).passed;
  return ballot.electorate.filter((id) => {
    const flipped: Choice = ballot.votes[id] === 'yes' ? 'no' : 'yes';
    return tally(rule, { ...ballot, votes: { ...ballot.votes, [id]: flipped } }).passed !== base;
  });
}
