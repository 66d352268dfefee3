import { describe, expect, it } from 'vitest';
import { view } from '@aspf/shared';
import { selectRatification } from '../../client/src/ui/controls/ratification.ts';
import type { ClientState, MemberSnapshot, TableSnapshot } from '../../client/src/store/store.ts';
import { project } from '../../server/src/room/projection.ts';
import { fixtureScenario } from '../fixtures/scenario.ts';
import { m, Table } from '../rules/harness.ts';

/** What a delegation's client holds: the room's projection, its private fields only for itself. */
function clientOf(t: Table, member: string): Pick<ClientState, 'scenario' | 'seat' | 'table'> {
  const p = project(t.state, 'ABCD', {}, 0);
  const members: Record<string, MemberSnapshot> = {};
  for (const [id, row] of Object.entries(p.members)) {
    const { pledge, sealed, objective, ...rest } = row;
    members[id] = { ...rest, pledge, ...(id === member ? { objective, sealed } : {}) };
  }
  const table = { ...p, members, proposals: {}, players: {} } as unknown as TableSnapshot;
  return { scenario: t.state.scenario, seat: { member } as ClientState['seat'], table };
}

describe('the ratification control (docs/RULES.md R9.6–R9.7)', () => {
  it('shows the delegation its own risk while pledges are sealed, the same figure the engine rolls against', () => {
    const t = new Table(fixtureScenario({ ratification: true, sealedPledges: true }), { rulesVersion: 2 }).to('pledging');
    const before = selectRatification(clientOf(t, 'DEU'))!;
    // carried = 0.5 × 500 × 60 ÷ 60 = 250; a whole allocation (500) risks 250 ÷ 500 × 40 ÷ 50 = 0.4.
    expect(before).toMatchObject({ ratification: true, carried: 250, pledge: 0, risk: 0, riskAtAllocation: 0.4 });
    // The common-budget share is the engine's own (R9.3).
    expect(before.costShare).toBe(t.state.members.DEU!.costShare);
    t.do(m('DEU'), { type: 'pledge', amount: 400 });
    // The public row hides a sealed pledge's risk from everyone, the maker included…
    expect(project(t.state, 'ABCD', {}, 0).members.DEU!.ratificationRisk).toBe(0);
    // …so the control works it out from the delegation's own sealed amount.
    const own = view(t.state, { kind: 'member', member: 'DEU' }).members.DEU!.ratificationRisk!;
    expect(own).toBeGreaterThan(0);
    expect(selectRatification(clientOf(t, 'DEU'))).toMatchObject({ pledge: 400, risk: own });
    // Another delegation sees nothing of it.
    expect(selectRatification(clientOf(t, 'POL'))).toMatchObject({ pledge: 0, risk: 0 });
    // Once pledges are public the row's own figure is used.
    t.to('proposals');
    const after = selectRatification(clientOf(t, 'DEU'))!;
    expect(after.pledge).toBe(400);
    expect(after.risk).toBe(view(t.state, { kind: 'observer' }).members.DEU!.ratificationRisk);
  });

  it('shows only the common-budget share in a scenario without ratification; the United States pays no more than the largest other member', () => {
    const t = new Table(fixtureScenario(), { rulesVersion: 2 }).to('pledging');
    const deu = selectRatification(clientOf(t, 'DEU'))!;
    expect(deu).toMatchObject({ ratification: false, carried: 0, risk: 0 });
    expect(deu.costShare).toBe(t.state.members.DEU!.costShare);
    expect(selectRatification(clientOf(t, 'USA'))!.costShare).toBeCloseTo(deu.costShare);
    expect(selectRatification({ ...clientOf(t, 'DEU'), seat: null })).toBeNull();
  });
});
