import { ballotOf, pivotalMembers, tally, type Rule, type Scenario, type Tally } from '@aspf/shared';
import type { ProposalSnapshot, TableSnapshot } from './store.ts';

/**
 * A proposal's live tally from the synchronised state: the engine's own ballot (`ballotOf`, R4.1–R4.3
 * electorate and weights) and `tally` (both criteria, the blocking-minority rule, vetoes), and who is
 * pivotal right now. No voting rule is restated here.
 */
export function liveTally(table: TableSnapshot, scenario: Scenario, rule: Rule, p: ProposalSnapshot): { tally: Tally; pivotal: string[] } {
  const members = scenario.members.map((spec) => {
    const row = table.members[spec.id];
    return { id: spec.id, participant: row?.participant ?? false, pledgedWeight: row?.weight ?? 0, population: spec.population, gdp: spec.gdp };
  });
  const ballot = ballotOf(rule, members, { ...p.votes });
  return { tally: tally(rule, ballot), pivotal: pivotalMembers(rule, ballot) };
}
