import { pivotalMembers, tally, type Ballot, type Rule, type Scenario, type Tally } from '@aspf/shared';
import type { ProposalSnapshot, TableSnapshot } from './store.ts';

/**
 * A proposal's live tally from the synchronised state, with the same shared `tally` the engine uses
 * at resolution: both criteria, the blocking-minority rule, vetoes, and who is pivotal right now.
 */
export function liveTally(table: TableSnapshot, scenario: Scenario, rule: Rule, p: ProposalSnapshot): { tally: Tally; pivotal: string[] } {
  const ids = scenario.members.map((m) => m.id);
  const electorate = rule.electorate === 'participants' ? ids.filter((id) => table.members[id]?.participant) : ids;
  const weights: Record<string, number> = {};
  for (const id of electorate) {
    const spec = scenario.members.find((m) => m.id === id)!;
    weights[id] = rule.weightBasis === 'pledged' ? (table.members[id]?.weight ?? 0)
      : rule.weightBasis === 'population' ? spec.population
      : rule.weightBasis === 'gdp' ? spec.gdp : 1;
  }
  const ballot: Ballot = { electorate, weights, votes: { ...p.votes } };
  return { tally: tally(rule, ballot), pivotal: pivotalMembers(rule, ballot) };
}
