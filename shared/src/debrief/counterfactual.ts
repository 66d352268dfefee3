import type { Choice, MemberId, Tally } from '../engine/types.ts';
import { tally, type Ballot } from '../engine/voting.ts';
import { BUILTIN_PRESETS, type Rule, type Scenario } from '../scenario/schema.ts';

/**
 * Counterfactuals (docs/DEBRIEF.md): every recorded vote re-tallied under the other presets, with
 * the electorate and weights as they were when that round resolved. Votes are the final recorded
 * ones; a member outside the recorded electorate (e.g. a non-participant on a fund proposal) had no
 * vote and counts as silent — which consents under a veto rule and is not-yes under the others.
 */
export const COUNTERFACTUAL_RULES = ['aspf-qmv', 'nato-consensus', 'simple-majority', 'eu-double-majority'] as const;
export type CounterfactualRule = (typeof COUNTERFACTUAL_RULES)[number];

/** Who was a fund participant and what the pledged weights were, at one resolution. */
export interface ElectorateSnapshot {
  round: number;
  participants: MemberId[];
  pledgedWeight: Record<MemberId, number>;
}

export interface RetallyResult {
  passed: boolean;
  electorate: number;
  yes: number;
  countShare: number;
  weightShare: number;
  vetoedBy: MemberId[];
  blockingMinorityMissing: boolean;
}

/** The ballot a rule would have seen at that resolution. */
export function ballotAt(scenario: Scenario, snapshot: ElectorateSnapshot, rule: Rule, votes: Record<MemberId, Choice>): Ballot {
  const order = scenario.members.map((m) => m.id);
  const voters = rule.electorate === 'participants' ? order.filter((id) => snapshot.participants.includes(id)) : order;
  const weights: Record<MemberId, number> = {};
  for (const id of voters) {
    const spec = scenario.members.find((m) => m.id === id)!;
    weights[id] = rule.weightBasis === 'pledged' ? (snapshot.pledgedWeight[id] ?? 0)
      : rule.weightBasis === 'population' ? spec.population
      : rule.weightBasis === 'gdp' ? spec.gdp
      : 1;
  }
  const cast: Record<MemberId, Choice> = {};
  for (const id of voters) if (votes[id]) cast[id] = votes[id]!;
  return { electorate: voters, weights, votes: cast };
}

export function retally(scenario: Scenario, snapshot: ElectorateSnapshot, rule: Rule, votes: Record<MemberId, Choice>): Tally {
  return tally(rule, ballotAt(scenario, snapshot, rule, votes));
}

export const summariseTally = (t: Tally): RetallyResult => ({
  passed: t.passed, electorate: t.electorate.length, yes: t.yes.length, countShare: t.countShare,
  weightShare: t.weightShare, vetoedBy: [...t.vetoedBy], blockingMinorityMissing: t.blockingMinorityMissing,
});

export function counterfactualTallies(scenario: Scenario, snapshot: ElectorateSnapshot, votes: Record<MemberId, Choice>): Record<CounterfactualRule, RetallyResult> {
  const out = {} as Record<CounterfactualRule, RetallyResult>;
  for (const id of COUNTERFACTUAL_RULES) out[id] = summariseTally(retally(scenario, snapshot, BUILTIN_PRESETS[id], votes));
  return out;
}

/** The preset a rule is, by value (scenario presets first), or null for a rule of its own. */
export function presetName(scenario: Scenario, rule: Rule): string | null {
  const same = (a: Rule, b: Rule) =>
    a.electorate === b.electorate && a.passCountShare === b.passCountShare && a.strictCount === b.strictCount
    && a.passWeightShare === b.passWeightShare && a.weightBasis === b.weightBasis
    && a.blockingMinimum === b.blockingMinimum && a.veto === b.veto;
  for (const [id, r] of Object.entries(scenario.rulePresets)) if (same(r, rule)) return id;
  for (const [id, r] of Object.entries(BUILTIN_PRESETS)) if (same(r, rule)) return id;
  return null;
}
