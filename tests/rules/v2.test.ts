import { describe, expect, it } from 'vitest';
import {
  builtinScenario, costShares, createGame, decide, replay, SessionExportSchema, simulateGame, tally, view,
  type GameLog, type Rule,
} from '@aspf/shared';
import { MEMBER, rowOf } from '@aspf/shared/protocol';
import { fixtureScenario } from '../fixtures/scenario.ts';
import { FAC, m, moneyBalances, Table } from './harness.ts';

/** docs/RULES.md R9: rules version 2, one test per clause. */
const V2 = { rulesVersion: 2 } as const;

describe('R9 rules version 2', () => {
  it('R9.1 a setup without a version plays version 1 and leaves no mark; version 2 is recorded', () => {
    const v1 = createGame(fixtureScenario(), 1);
    expect(v1.options.rulesVersion).toBeUndefined();
    expect(v1.pool).toBe(10_000);
    const v2 = createGame(fixtureScenario(), 1, V2);
    expect(v2.options.rulesVersion).toBe(2);
    expect(v2.pool).toBe(0);
    // A log without a version replays under version 1: the opening balance is all there at once.
    const log: GameLog = { scenario: fixtureScenario(), seed: 1, setup: {}, entries: [{ seq: 1, actor: FAC, action: { type: 'start' }, at: 1 }] };
    expect(replay(log).pool).toBe(10_000 + 0);
    expect(replay({ ...log, setup: V2 }).pool).toBe(3_333);
    // The export's setup accepts and keeps the version.
    const setup = SessionExportSchema.shape.setup.parse({ rulesVersion: 2 });
    expect(setup).toEqual({ rulesVersion: 2 });
  });

  it('R9.2 returns points are returns ÷ allocations, capped, never returns ÷ pledges', () => {
    const t = new Table(fixtureScenario(), V2).to('pledging');
    t.do(m('POL'), { type: 'pledge', amount: 400 }).do(m('EST'), { type: 'pledge', amount: 1 });
    t.to('proposals');
    t.do(m('EST'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('POL'), { type: 'cosponsor', proposal: 'p1' });
    t.to('voting');
    for (const id of ['DEU', 'FRA', 'POL', 'EST']) t.do(m(id), { type: 'vote', proposal: 'p1', choice: 'yes' });
    t.do(FAC, { type: 'end' });
    for (const id of ['POL', 'EST']) {
      const mm = t.members[id]!;
      expect(mm.score.returns).toBe(Math.round(Math.min(3, (mm.industrialReturns / mm.cumulativeAllocation) * 3) * 100) / 100);
    }
    // EST pledged $1m: under v1 its return ratio would hit the cap; under v2 its returns are tiny.
    expect(t.members.EST!.industrialReturns).toBeLessThan(10);
    expect(t.members.EST!.score.returns).toBeLessThan(0.5);
  });

  it('R9.3 the hegemon pays no more than the largest other member', () => {
    const v1 = costShares(fixtureScenario());
    const v2 = costShares(fixtureScenario(), 2);
    expect(v1.USA).toBeCloseTo(1000 / 2150);
    expect(v2.USA).toBeCloseTo(v2.DEU!);
    expect(v2.DEU).toBeCloseTo(500 / 1650);
    expect(Object.values(v2).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(createGame(fixtureScenario(), 1, V2).members.USA!.costShare).toBeCloseTo(v2.USA!);
  });

  it('R9.4 industrial returns go to those who paid: a lead that never pledged receives nothing', () => {
    const t = new Table(fixtureScenario(), V2).to('pledging');
    t.do(m('DEU'), { type: 'pledge', amount: 500 }).do(m('POL'), { type: 'pledge', amount: 400 });
    t.to('proposals');
    t.do(m('FRA'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('DEU'), { type: 'cosponsor', proposal: 'p1' });
    t.to('voting');
    for (const id of ['DEU', 'FRA', 'POL', 'EST']) t.do(m(id), { type: 'vote', proposal: 'p1', choice: 'yes' });
    t.do(FAC, { type: 'advance' });
    expect(t.state.proposals[0]!.status).not.toBe('approved');
    expect(t.members.FRA!.industrialReturns).toBe(0);
    expect(t.members.DEU!.industrialReturns).toBe(4_000);
    expect(t.members.POL!.industrialReturns).toBe(0); // paid in, but backed nothing
  });

  it('R9.5 a fund project moves autonomy and engagement three tenths, the way the hegemon stands', () => {
    const play = (usJoins: boolean) => {
      const t = new Table(fixtureScenario(), V2).to('pledging');
      t.do(m('DEU'), { type: 'pledge', amount: 500 }).do(m('POL'), { type: 'pledge', amount: 400 });
      if (usJoins) t.do(m('USA'), { type: 'pledge', amount: 2000 });
      t.to('proposals').do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' }).to('voting');
      for (const id of ['DEU', 'FRA', 'POL', 'EST', ...(usJoins ? ['USA'] : [])]) t.do(m(id), { type: 'vote', proposal: 'p1', choice: 'yes' });
      t.do(FAC, { type: 'advance' });
      expect(t.state.proposals[0]!.fundedRound).toBe(1);
      return t.state.meters;
    };
    expect(play(false)).toMatchObject({ autonomy: 4.3, usEngagement: 5.7 });
    expect(play(true)).toMatchObject({ autonomy: 3.7, usEngagement: 6.3 });
  });

  it('R9.6 R9.7 ratification: the risk is shown before pledging, the roll is public, a failure withdraws the money', () => {
    const scenario = fixtureScenario({ ratification: true });
    const outcomes = new Set<boolean>();
    for (let seed = 1; seed <= 30 && outcomes.size < 2; seed++) {
      const t = new Table(scenario, V2, seed).to('pledging');
      t.do(m('DEU'), { type: 'pledge', amount: 500 });
      // carried = 0.5 × 500 × 60 ÷ 60 = 250; risk = (500 − 250) ÷ 500 × (100 − 60) ÷ 50 = 0.4
      expect(view(t.state, { kind: 'member', member: 'DEU' }).members.DEU!.ratificationRisk).toBe(0.4);
      expect(view(t.state, { kind: 'observer' }).members.POL!.ratificationRisk).toBe(0);
      // The table row every client receives carries it in % (shared/src/protocol/table.ts).
      const seen = view(t.state, { kind: 'observer' }).members.DEU!;
      expect(rowOf(MEMBER, { member: seen, pledge: undefined, online: 0, secret: seen, sealed: undefined }).ratificationRisk).toBe(40);
      t.do(m('POL'), { type: 'pledge', amount: 100 });
      t.to('voting');
      t.do(FAC, { type: 'advance' });
      const report = t.state.history[0]!;
      const deu = report.ratification!.find((r) => r.member === 'DEU')!;
      // Pledging the whole allocation cost support (R3.6: 20 × 250 ÷ 500 = 10), so at the roll
      // support is 50: carried = 0.5 × 500 × 50 ÷ 60 = 208, risk = 292 ÷ 500 × 50 ÷ 50 = 0.58.
      expect(t.members.DEU!.support).toBe(50);
      expect(deu).toMatchObject({ bill: 500, carried: 208, risk: 0.58 });
      expect(report.ratification!.some((r) => r.member === 'POL')).toBe(false); // within what support carries
      expect(deu.ratified).toBe(deu.roll >= deu.risk);
      if (!deu.ratified) {
        expect(deu.withdrawn).toBe(500);
        expect(t.members.DEU!.cumulativePledged).toBe(0);
        expect(t.members.DEU!.balance).toBe(500 + 500); // refunded, plus round 2's allocation
      } else {
        expect(t.members.DEU!.cumulativePledged).toBe(500);
        expect(t.members.DEU!.balance).toBe(500);
      }
      expect(moneyBalances(t.state)).toBe(true);
      outcomes.add(deu.ratified);
    }
    expect([...outcomes].sort()).toEqual([false, true]);
    // Under rules v1 the scenario option does nothing.
    const v1 = new Table(scenario).to('pledging').do(m('DEU'), { type: 'pledge', amount: 500 }).to('voting').do(FAC, { type: 'advance' });
    expect(v1.state.history[0]!.ratification).toBeUndefined();
  });

  it('R9.6 a failed ratification brings down the common projects that billed the member', () => {
    const scenario = fixtureScenario({ ratification: true, constants: { ...fixtureScenario().constants, ratificationCarry: 0, ratificationRisk: 5 } });
    const t = new Table(scenario, V2).to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'cyber-shield', channel: 'common' }).to('voting');
    t.do(FAC, { type: 'advance' });
    const report = t.state.history[0]!;
    // Every member is billed, and with no carry and support 60 each risk is 0.95 (the cap).
    expect(report.ratification!.length).toBe(5);
    const failed = report.ratification!.filter((r) => !r.ratified);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]!.fallen).toEqual(['p1']);
    expect(t.state.proposals[0]!.status).toBe('rejected');
  });

  it('R9.8 objectives are dealt from the member\'s own list when it has one', () => {
    const base = fixtureScenario();
    const scenario = fixtureScenario({ members: base.members.map((mm) => ({ ...mm, objectives: ['bridge'] })) });
    for (const seed of [1, 2, 3]) {
      const v2 = createGame(scenario, seed, V2);
      for (const id of v2.memberOrder) expect(v2.members[id]!.objective).toBe('bridge');
    }
    const v1 = createGame(scenario, 1);
    expect(new Set(v1.memberOrder.map((id) => v1.members[id]!.objective)).size).toBeGreaterThan(1);
  });

  it('R9.9 a triggered event takes the briefing only on a roll below the trigger chance', () => {
    const reach3 = (chance: number, setup = V2) => {
      const s = fixtureScenario({ constants: { ...fixtureScenario().constants, triggerChance: chance } });
      return new Table(s, setup).to('briefing', 3).state.event?.id;
    };
    expect(reach3(0)).not.toBe('late');
    expect(reach3(1)).toBe('late');
    expect(reach3(0, {} as never)).toBe('late'); // v1: a trigger that holds always plays
  });

  it('R9.10 the opening balance arrives in equal tranches, and money is conserved', () => {
    const t = new Table(fixtureScenario(), V2).to('briefing', 1);
    expect(t.state.pool).toBe(3_333);
    expect(moneyBalances(t.state)).toBe(true);
    t.to('briefing', 2);
    expect(t.state.pool).toBe(6_666);
    t.to('briefing', 3);
    expect(t.state.pool).toBe(10_000);
    expect(moneyBalances(t.state)).toBe(true);
  });

  it('R9.11 a blocking share scales the blocking minority with the electorate', () => {
    const rule: Rule = { electorate: 'participants', passCountShare: 0.5, strictCount: false, passWeightShare: 0.65, weightBasis: 'pledged', blockingMinimum: 4, blockingShare: 0.2, veto: false };
    const weights = { A: 10, B: 10, C: 10, D: 70 };
    const electorate = ['A', 'B', 'C', 'D'];
    // One non-yes of four: below max(2, ceil(0.8)) = 2, so the weight criterion is deemed met.
    expect(tally(rule, { electorate, weights, votes: { A: 'yes', B: 'yes', C: 'yes', D: 'no' } }).passed).toBe(true);
    // Two non-yes members: the scaled minimum (2) is reached, so weight blocks; the fixed 4 would not.
    const two = { A: 'yes', B: 'yes', C: 'no', D: 'no' } as const;
    expect(tally(rule, { electorate, weights, votes: two }).passed).toBe(false);
    const { blockingShare: _s, ...fixed } = rule;
    expect(tally(fixed, { electorate, weights, votes: two }).passed).toBe(true);
  });

  it('R9.12 an approved fund project the pool still cannot cover a round later lapses', () => {
    const t = new Table(fixtureScenario(), V2).to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'satellites', channel: 'fund' }).to('voting');
    for (const id of ['DEU', 'FRA', 'POL', 'EST']) t.do(m(id), { type: 'vote', proposal: 'p1', choice: 'yes' });
    t.do(FAC, { type: 'advance' });
    expect(t.state.proposals[0]!.status).toBe('approved');
    expect(t.state.history[0]!.unfunded).toEqual(['p1']);
    t.to('voting', 2).do(FAC, { type: 'advance' });
    expect(t.state.proposals[0]!.status).toBe('rejected');
    expect(t.state.history[1]!.lapsed).toEqual(['p1']);
  });

  it('R9.13 every member of every built-in scenario has a regional threat track', () => {
    for (const id of ['quick-demo', 'classroom', 'arctic-crisis', 'brussels-2026']) {
      const s = builtinScenario(id)!;
      for (const mm of s.members) expect(s.tracks.some((tr) => tr.regions.some((r) => mm.regions.includes(r))), `${id} ${mm.id}`).toBe(true);
    }
  });
});

describe('bots play their profile (issue #13)', () => {
  it('the free rider\'s threshold counts the participants only, so it is sometimes honoured', () => {
    const s = builtinScenario('classroom')!;
    let honoured = 0;
    let conditional = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const profiles = Object.fromEntries(s.members.map((mm) => [mm.id, mm.id === 'EST' ? 'free-rider' : 'steady'] as const));
      const { state } = simulateGame(s, seed, {}, profiles);
      for (const r of state.history) {
        const p = r.pledges.find((x) => x.member === 'EST');
        if (p?.condition) { conditional += 1; if (p.status === 'honoured') honoured += 1; }
      }
    }
    expect(conditional).toBeGreaterThan(0);
    expect(honoured / conditional).toBeGreaterThan(0.5);
  });

  it('bots table common-budget projects and the hegemon uses its veto', () => {
    const s = builtinScenario('classroom')!;
    let common = 0;
    let vetoes = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { state } = simulateGame(s, seed);
      common += state.proposals.filter((p) => p.channel === 'common').length;
      vetoes += state.proposals.filter((p) => p.tally?.vetoedBy.includes('USA')).length;
    }
    expect(common).toBeGreaterThan(30);
    expect(vetoes).toBeGreaterThan(0);
  });

  it('a bot tables on the fund only what the pool can pay for (this round\'s pledges are already in it)', () => {
    let fund = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const t = new Table(fixtureScenario(), V2, seed).to('proposals');
      // The air-defence project POL wants most costs more than the pool holds.
      expect(t.state.scenario.projects.find((p) => p.id === 'air-defence')!.cost).toBeGreaterThan(t.state.pool);
      const action = decide({ state: t.state, member: 'POL', profile: 'hawk', now: t.now, step: 0 });
      if (action?.type !== 'propose' || action.channel !== 'fund') continue;
      fund += 1;
      const project = t.state.scenario.projects.find((p) => p.id === action.project)!;
      expect(project.cost).toBeLessThanOrEqual(t.state.pool);
    }
    expect(fund).toBeGreaterThan(0);
  });

  it('the conditional cooperator does not back a fund project led by a member that kept its money back (reputation)', () => {
    const choices = (shirk: boolean) => {
      const t = new Table(fixtureScenario(), V2).to('pledging');
      t.do(m('DEU'), { type: 'pledge', amount: 300 }).do(m('FRA'), { type: 'pledge', amount: 300 });
      if (!shirk) t.do(m('POL'), { type: 'pledge', amount: 300 });
      t.to('proposals', 2);
      t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' }).to('voting', 2);
      expect(t.state.pool).toBeGreaterThanOrEqual(4_000);
      return (['conditional', 'steady', 'free-rider'] as const).map((profile) =>
        decide({ state: t.state, member: 'DEU', profile, now: t.now, step: 0 }));
    };
    // POL pledged nothing in round 1 (under a fifth of its allocations): the conditional cooperator withholds its yes.
    const [conditional, steady, freeRider] = choices(true);
    expect(choices(false)[0]).toMatchObject({ type: 'vote', choice: 'yes' });
    expect(conditional).toMatchObject({ type: 'vote' });
    expect(conditional).not.toMatchObject({ choice: 'yes' });
    // The steady contributor and the free rider hold nobody to account (so free riding still tempts, docs/BALANCE.md).
    expect(steady).toMatchObject({ type: 'vote', choice: 'yes' });
    expect(freeRider).toMatchObject({ type: 'vote', choice: 'yes' });
  });
});
