import { describe, expect, it } from 'vitest';
import { apply, costShares, createGame, legalActions, view } from '@aspf/shared';
import { fixtureScenario } from '../fixtures/scenario.ts';
import { FAC, OBS, SYS, T0, Table, m, moneyBalances } from './harness.ts';

// Fixture allocations per round ($m): USA 2000, DEU 500, FRA 400, POL 400, EST 100. Pool opens at 10,000.

describe('R1 roles', () => {
  it('R1.1 member actions only for a seated delegation of a known member', () => {
    const t = new Table().to('pledging');
    t.rejects(FAC, { type: 'pledge', amount: 10 }, 'actor/not_member');
    t.rejects(OBS, { type: 'pledge', amount: 10 }, 'actor/not_member');
    t.rejects(m('XXX'), { type: 'pledge', amount: 10 }, 'member/unknown');
  });

  it('R1.2 facilitator actions are the facilitator\'s alone', () => {
    const t = new Table();
    t.rejects(m('DEU'), { type: 'start' }, 'actor/not_facilitator');
    t.rejects(OBS, { type: 'end' }, 'actor/not_facilitator');
    t.rejects(SYS, { type: 'advance' }, 'actor/not_facilitator');
    t.rejects(SYS, { type: 'inject', event: 'quiet' }, 'actor/not_facilitator');
  });

  it('R1.3 overrides need a reason and are logged with it', () => {
    const t = new Table().to('voting');
    t.rejects(FAC, { type: 'override', target: { kind: 'meter', meter: 'cohesion', value: 9 }, reason: '' }, 'action/invalid', 'reason');
    t.do(FAC, { type: 'override', target: { kind: 'meter', meter: 'cohesion', value: 9 }, reason: 'Summit success' });
    expect(t.state.meters.cohesion).toBe(9);
    expect(t.state.overrides).toEqual([{ round: 1, phase: 'voting', target: 'cohesion = 9', reason: 'Summit success' }]);
    t.rejects(FAC, { type: 'override', target: { kind: 'track', track: 'nowhere', threat: 1 }, reason: 'test it' }, 'override/unknown_track');
    t.rejects(FAC, { type: 'override', target: { kind: 'proposal', proposal: 'p9', outcome: 'approved' }, reason: 'test it' }, 'override/not_open');
  });

  it('R1.4 only the clock times out a phase', () => {
    const t = new Table().to('pledging');
    t.rejects(FAC, { type: 'phaseTimeout' }, 'actor/not_system');
    t.rejects(m('DEU'), { type: 'phaseTimeout' }, 'actor/not_system');
  });

  it('R1.5 observers can do nothing', () => {
    const t = new Table().to('voting');
    for (const action of [{ type: 'chat', text: 'hi' }, { type: 'vote', proposal: 'p1', choice: 'yes' }, { type: 'advance' }]) {
      expect(apply(t.state, OBS, action, t.now).ok).toBe(false);
    }
    expect(legalActions(t.state, OBS, t.now)).toEqual([]);
  });

  it('R1.6 seats are open, human or bot; re-assigning the same way is refused', () => {
    const t = new Table();
    t.do(FAC, { type: 'assignSeat', member: 'POL', controller: 'bot', profile: 'hawk' });
    expect(t.members.POL!.seat).toEqual({ controller: 'bot', profile: 'hawk' });
    t.rejects(FAC, { type: 'assignSeat', member: 'POL', controller: 'bot', profile: 'hawk' }, 'seat/already');
    t.do(FAC, { type: 'freeSeat', member: 'POL' });
    t.rejects(FAC, { type: 'freeSeat', member: 'POL' }, 'seat/already');
    t.rejects(FAC, { type: 'assignSeat', member: 'ZZZ', controller: 'human' }, 'member/unknown');
    t.do(SYS, { type: 'assignSeat', member: 'EST', controller: 'human' });
    expect(t.members.EST!.seat).toEqual({ controller: 'human' });
    t.rejects(SYS, { type: 'start' }, 'actor/not_facilitator');
    t.rejects(m('EST'), { type: 'freeSeat', member: 'EST' }, 'actor/not_facilitator');
  });
});

describe('R2 the world', () => {
  it('R2.1 cost shares follow GDP among the scenario members when not given', () => {
    const shares = costShares(fixtureScenario());
    expect(shares.USA).toBeCloseTo(1000 / 2150);
    expect(Object.values(shares).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('R2.2 allocations are GDP × defence % × discretionary share; unspent money carries over', () => {
    const t = new Table().to('briefing');
    expect(t.members.DEU!.allocation).toBe(500);
    expect(t.members.USA!.allocation).toBe(2000);
    t.to('briefing', 2);
    expect(t.members.DEU!.balance).toBe(1000);
  });

  it('R2.3 money is conserved across a round with pledges, funding and common costs', () => {
    const t = new Table().to('pledging');
    t.do(m('DEU'), { type: 'pledge', amount: 300 });
    t.to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'common' });
    t.to('voting');
    for (const id of ['DEU', 'FRA', 'POL', 'EST']) t.do(m(id), { type: 'vote', proposal: 'p1', choice: 'yes' });
    expect(moneyBalances(t.state)).toBe(true);
    t.to('briefing', 2);
    expect(t.state.proposals[0]!.status).toBe('delivered');
    expect(t.state.proposals[1]!.status).toBe('funded');
    expect(moneyBalances(t.state)).toBe(true);
  });

  it('R2.4 levels are clamped to 0–10', () => {
    const t = new Table().to('voting');
    t.do(FAC, { type: 'override', target: { kind: 'track', track: 'east', threat: 10 }, reason: 'max it' });
    t.to('briefing', 2);
    expect(t.state.tracks.east!.threat).toBe(10);
  });
});

describe('R3 a round', () => {
  it('R3.1 a briefing plays the event first, then pays allocations, arrears repaid first', () => {
    const t = new Table(fixtureScenario(), {}, 1);
    t.do(FAC, { type: 'inject', event: 'boom' }).to('briefing');
    expect(t.state.event?.id).toBe('boom');
    expect(t.members.DEU!.allocation).toBe(1000); // ×2 by the event
    const owing = new Table().to('voting');
    owing.state.members.EST!.arrears = 30;
    owing.to('briefing', 2);
    expect(owing.members.EST!.arrears).toBe(0);
    expect(owing.members.EST!.balance).toBe(170);
    expect(moneyBalances(owing.state)).toBe(true); // repaid arrears are booked as spent
  });

  it('R3.2 a pledge is revisable during pledging; 0 withdraws it; it cannot exceed the balance', () => {
    const t = new Table().to('pledging');
    t.do(m('DEU'), { type: 'pledge', amount: 200 }).do(m('DEU'), { type: 'pledge', amount: 250 });
    expect(t.state.pledges.DEU?.amount).toBe(250);
    t.do(m('DEU'), { type: 'pledge', amount: 0 });
    expect(t.state.pledges.DEU).toBeUndefined();
    t.rejects(m('DEU'), { type: 'pledge', amount: 501 }, 'pledge/over_budget', 'amount');
    t.rejects(m('DEU'), { type: 'pledge', amount: -1 }, 'action/invalid', 'amount');
    t.rejects(m('DEU'), { type: 'pledge', amount: 1.5 }, 'action/invalid', 'amount');
  });

  it('R3.3 conditions must name another, known member', () => {
    const t = new Table().to('pledging');
    t.rejects(m('DEU'), { type: 'pledge', amount: 100, condition: { kind: 'match', member: 'DEU' } }, 'pledge/self_condition');
    t.rejects(m('DEU'), { type: 'pledge', amount: 100, condition: { kind: 'member-at-least', member: 'XYZ', amount: 5 } }, 'member/unknown');
  });

  it('R3.4 settlement keeps the largest consistent set and moves the money', () => {
    const t = new Table().to('pledging');
    t.do(m('DEU'), { type: 'pledge', amount: 300, condition: { kind: 'total-at-least', total: 500 } });
    t.do(m('FRA'), { type: 'pledge', amount: 200, condition: { kind: 'member-at-least', member: 'DEU', amount: 300 } });
    t.do(m('POL'), { type: 'pledge', amount: 400, condition: { kind: 'total-at-least', total: 2000 } });
    t.to('proposals');
    expect(t.state.pledges.DEU).toMatchObject({ status: 'honoured', settled: 300 });
    expect(t.state.pledges.FRA).toMatchObject({ status: 'honoured', settled: 200 });
    expect(t.state.pledges.POL).toMatchObject({ status: 'fallen', settled: 0 });
    expect(t.state.pool).toBe(10_500);
    expect(t.members.DEU!.balance).toBe(200);
  });

  it('R3.5 a match gives the matched amount up to its cap, and falls away on nothing', () => {
    const t = new Table().to('pledging');
    t.do(m('DEU'), { type: 'pledge', amount: 150 });
    t.do(m('FRA'), { type: 'pledge', amount: 100, condition: { kind: 'match', member: 'DEU' } });
    t.do(m('POL'), { type: 'pledge', amount: 400, condition: { kind: 'match', member: 'DEU' } });
    t.do(m('EST'), { type: 'pledge', amount: 50, condition: { kind: 'match', member: 'USA' } });
    t.to('proposals');
    expect(t.state.pledges.FRA!.settled).toBe(100);
    expect(t.state.pledges.POL!.settled).toBe(150);
    expect(t.state.pledges.EST).toMatchObject({ status: 'fallen', settled: 0 });
  });

  it('R3.6 pledging makes a participant, adds weight, and costs support above comfort', () => {
    const t = new Table().to('pledging');
    const weight = t.members.DEU!.pledgedWeight;
    t.do(m('USA'), { type: 'pledge', amount: 2000 }); // a whole allocation: 50 % above comfort → −10
    t.do(m('DEU'), { type: 'pledge', amount: 250 }); // exactly comfort → no cost
    t.to('proposals');
    expect(t.members.USA!.participant).toBe(true);
    expect(t.members.USA!.support).toBe(50);
    expect(t.members.DEU!.support).toBe(60);
    expect(t.members.DEU!.pledgedWeight).toBeCloseTo(weight + 250);
  });

  it('R3.7 a catalog project is on the table once at a time', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.rejects(m('EST'), { type: 'propose', project: 'air-defence', channel: 'common' }, 'propose/already_on_table', 'project');
    t.rejects(m('EST'), { type: 'propose', project: 'tanks', channel: 'fund' }, 'propose/unknown_project', 'project');
  });

  it('R3.8 a phase times out only at its deadline, not while paused', () => {
    const t = new Table().to('pledging');
    const deadline = t.state.clock.endsAt!;
    expect(deadline).toBe(t.now + 20_000);
    expect(apply(t.state, SYS, { type: 'phaseTimeout' }, deadline - 1).ok).toBe(false);
    t.rejects(SYS, { type: 'phaseTimeout' }, 'phase/not_expired');
    const late = apply(t.state, SYS, { type: 'phaseTimeout' }, deadline);
    expect(late.ok && late.value.state.phase).toBe('proposals');
    t.do(FAC, { type: 'pause' });
    expect(apply(t.state, SYS, { type: 'phaseTimeout' }, deadline + 60_000).ok).toBe(false);
  });

  it('R3.9 in negotiation pledges only rise, unconditionally, and move at once', () => {
    const t = new Table().to('pledging');
    t.do(m('DEU'), { type: 'pledge', amount: 100 }).to('negotiation');
    t.rejects(m('DEU'), { type: 'pledge', amount: 100 }, 'pledge/only_upward');
    t.rejects(m('DEU'), { type: 'pledge', amount: 200, condition: { kind: 'total-at-least', total: 5 } }, 'pledge/condition_closed');
    t.rejects(m('DEU'), { type: 'pledge', amount: 501 }, 'pledge/over_budget');
    const pool = t.state.pool;
    t.do(m('DEU'), { type: 'pledge', amount: 180 });
    expect(t.state.pool).toBe(pool + 80);
    expect(t.members.DEU!.balance).toBe(320);
    expect(t.members.DEU!.cumulativePledged).toBe(180);
  });

  it('R3.10 low support limits a pledge to the minimum', () => {
    const t = new Table().to('pledging');
    t.state.members.DEU!.support = 20;
    t.rejects(m('DEU'), { type: 'pledge', amount: 51 }, 'pledge/support_too_low', 'amount');
    t.do(m('DEU'), { type: 'pledge', amount: 50 });
    expect(t.state.pledges.DEU?.amount).toBe(50);
  });

  it('R3.11 proposals per round are limited; custom projects need permission and a known track', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('POL'), { type: 'propose', project: { name: 'Border drones', cost: 1500, track: 'east' }, channel: 'fund' });
    t.rejects(m('POL'), { type: 'propose', project: 'cyber-shield', channel: 'fund' }, 'propose/limit_reached');
    expect(t.state.proposals[1]).toMatchObject({ project: null, cost: 1500, delay: 1, effects: [{ kind: 'capability', track: 'east', delta: 0.5 }] });
    t.rejects(m('EST'), { type: 'propose', project: { name: 'Moon base', cost: 1500, track: 'moon' }, channel: 'fund' }, 'propose/unknown_track');
    const strict = new Table(fixtureScenario({ allowCustomProjects: false })).to('proposals');
    strict.rejects(m('EST'), { type: 'propose', project: { name: 'Border drones', cost: 1500, track: 'east' }, channel: 'fund' }, 'propose/custom_not_allowed');
  });

  it('R3.12 the lead amends cost within range, effects scale; drops co-sponsors but never adds', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('EST'), { type: 'cosponsor', proposal: 'p1', join: true });
    t.rejects(m('EST'), { type: 'amend', proposal: 'p1', cost: 3000 }, 'proposal/not_lead');
    t.rejects(m('POL'), { type: 'amend', proposal: 'p1', cost: 1999 }, 'amend/cost_out_of_range', 'cost');
    t.rejects(m('POL'), { type: 'amend', proposal: 'p1', cost: 6001 }, 'amend/cost_out_of_range', 'cost');
    t.rejects(m('POL'), { type: 'amend', proposal: 'p1', coSponsors: ['EST', 'DEU'] }, 'amend/not_a_cosponsor');
    t.rejects(m('POL'), { type: 'amend', proposal: 'p1', cost: 4000 }, 'amend/nothing_to_change');
    t.do(m('POL'), { type: 'amend', proposal: 'p1', cost: 6000, coSponsors: [] });
    expect(t.state.proposals[0]).toMatchObject({ cost: 6000, coSponsors: [], effects: [{ kind: 'capability', track: 'east', delta: 3 }] });
    t.rejects(m('EST'), { type: 'withdraw', proposal: 'p1' }, 'proposal/not_lead');
    t.do(m('POL'), { type: 'withdraw', proposal: 'p1' });
    t.rejects(m('POL'), { type: 'withdraw', proposal: 'p1' }, 'proposal/not_open');
    t.rejects(m('POL'), { type: 'amend', proposal: 'p7', cost: 10 }, 'proposal/unknown');
  });

  it('R3.13 co-sponsors join and leave themselves', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.rejects(m('POL'), { type: 'cosponsor', proposal: 'p1', join: true }, 'cosponsor/is_lead');
    t.rejects(m('EST'), { type: 'cosponsor', proposal: 'p1', join: false }, 'cosponsor/not_cosponsor');
    t.do(m('EST'), { type: 'cosponsor', proposal: 'p1', join: true });
    t.rejects(m('EST'), { type: 'cosponsor', proposal: 'p1', join: true }, 'cosponsor/already');
    t.do(m('EST'), { type: 'cosponsor', proposal: 'p1', join: false });
    expect(t.state.proposals[0]!.coSponsors).toEqual([]);
  });

  it('R3.14 the phase table decides what members may do, and when', () => {
    const t = new Table();
    t.rejects(m('DEU'), { type: 'pledge', amount: 1 }, 'game/not_started');
    t.do(m('DEU'), { type: 'chat', text: 'hello from the lobby' });
    t.to('briefing');
    t.rejects(m('DEU'), { type: 'pledge', amount: 1 }, 'phase/closed');
    t.to('pledging');
    t.rejects(m('DEU'), { type: 'propose', project: 'air-defence', channel: 'fund' }, 'phase/closed');
    t.rejects(m('DEU'), { type: 'vote', proposal: 'p1', choice: 'yes' }, 'phase/closed');
    const order: string[] = [];
    for (let i = 0; i < 6; i++) { order.push(`${t.state.round}:${t.state.phase}`); t.do(FAC, { type: 'advance' }); }
    expect(order).toEqual(['1:pledging', '1:proposals', '1:negotiation', '1:voting', '2:briefing', '2:pledging']);
    t.do(FAC, { type: 'end' });
    t.rejects(m('DEU'), { type: 'pledge', amount: 1 }, 'game/ended');
    t.rejects(FAC, { type: 'advance' }, 'game/ended');
    t.do(m('DEU'), { type: 'chat', text: 'good game' });
  });

  it('R3.15 pause, resume, extend and timers', () => {
    const t = new Table().to('pledging');
    t.rejects(FAC, { type: 'resume' }, 'phase/not_paused');
    const left = t.state.clock.endsAt! - (t.now + 1000);
    t.do(FAC, { type: 'pause' });
    expect(t.state.clock).toEqual({ endsAt: null, paused: true, remainingMs: left });
    t.rejects(m('DEU'), { type: 'pledge', amount: 1 }, 'phase/paused');
    t.rejects(FAC, { type: 'pause' }, 'phase/paused');
    t.do(m('DEU'), { type: 'chat', text: 'while paused we talk' });
    t.do(FAC, { type: 'extend', seconds: 30 });
    expect(t.state.clock.remainingMs).toBe(left + 30_000);
    t.do(FAC, { type: 'resume' });
    expect(t.state.clock.endsAt).toBe(t.now + left + 30_000);
    t.do(FAC, { type: 'setTimers', timers: { proposals: 99 } });
    t.do(FAC, { type: 'advance' });
    expect(t.state.clock.endsAt).toBe(t.now + 99_000);
    const fresh = new Table();
    fresh.rejects(FAC, { type: 'advance' }, 'game/not_started');
    fresh.rejects(FAC, { type: 'pause' }, 'game/not_started');
    fresh.rejects(FAC, { type: 'extend', seconds: 10 }, 'game/not_started');
  });

  it('R3.16 chat goes to the table or a private channel that includes the sender', () => {
    const t = new Table().to('negotiation');
    t.do(m('DEU'), { type: 'chat', to: ['POL', 'FRA'], text: 'a deal?' });
    expect(t.state.chat.at(-1)).toMatchObject({ from: 'DEU', to: ['DEU', 'FRA', 'POL'], text: 'a deal?' });
    t.rejects(m('DEU'), { type: 'chat', to: ['DEU'], text: 'me' }, 'chat/self_only');
    t.rejects(m('DEU'), { type: 'chat', to: ['QQQ'], text: 'x' }, 'member/unknown');
    t.rejects(m('DEU'), { type: 'chat', text: 'x'.repeat(501) }, 'action/invalid', 'text');
    t.rejects(m('DEU'), { type: 'chat', text: '   ' }, 'action/invalid', 'text');
    t.do(FAC, { type: 'announce', text: 'Five minutes left' });
    expect(t.state.chat.at(-1)).toMatchObject({ from: 'facilitator', to: [] });
  });
});

describe('R4 voting in play', () => {
  it('R4.1 only participants vote on fund proposals; all members on common ones', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'common' });
    t.to('voting');
    t.rejects(m('USA'), { type: 'vote', proposal: 'p1', choice: 'no' }, 'vote/not_eligible');
    t.do(m('USA'), { type: 'vote', proposal: 'p2', choice: 'no' });
    t.to('briefing', 2);
    expect(t.state.proposals[1]).toMatchObject({ status: 'rejected' });
    expect(t.state.proposals[1]!.tally!.vetoedBy).toEqual(['USA']);
  });

  it('R4.2 votes change until close; closed proposals take none', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' }).to('voting');
    t.do(m('DEU'), { type: 'vote', proposal: 'p1', choice: 'no' }).do(m('DEU'), { type: 'vote', proposal: 'p1', choice: 'yes' });
    expect(t.state.proposals[0]!.votes.DEU).toBe('yes');
    t.rejects(m('DEU'), { type: 'vote', proposal: 'p1', choice: 'maybe' }, 'action/invalid', 'choice');
    t.to('voting', 2);
    t.rejects(m('DEU'), { type: 'vote', proposal: 'p1', choice: 'no' }, 'proposal/not_open');
  });

  it('R4.3 pledged weight starts from the opening balance by defence budget', () => {
    const s = createGame(fixtureScenario(), 1);
    // founders' defence budgets ($m): DEU 10000, FRA 8000, POL 8000, EST 2000 → 28000
    expect(s.members.DEU!.pledgedWeight).toBeCloseTo((10_000 * 10_000) / 28_000);
    expect(s.members.USA!.pledgedWeight).toBe(0);
  });

  it('R4.4–R4.8 a live tally in play: fails on count, passes with silence under consensus', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'common' }).to('voting');
    t.do(m('POL'), { type: 'vote', proposal: 'p1', choice: 'yes' }).do(m('EST'), { type: 'vote', proposal: 'p1', choice: 'yes' });
    t.do(m('DEU'), { type: 'vote', proposal: 'p1', choice: 'abstain' });
    t.to('briefing', 2);
    const [p1, p2] = t.state.proposals;
    expect(p1!.tally).toMatchObject({ countShare: 0.5, countMet: false, passed: false, silent: ['FRA'], abstain: ['DEU'] });
    expect(p2!.tally).toMatchObject({ passed: true, vetoedBy: [] });
  });

  it('R4.9 a session may swap a channel\'s rule', () => {
    const t = new Table(fixtureScenario(), { rules: { common: 'simple-majority' } }).to('proposals');
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'common' }).to('voting');
    t.do(m('USA'), { type: 'vote', proposal: 'p1', choice: 'no' });
    for (const id of ['DEU', 'FRA', 'POL']) t.do(m(id), { type: 'vote', proposal: 'p1', choice: 'yes' });
    t.to('briefing', 2);
    expect(t.state.proposals[0]!.status).not.toBe('rejected');
  });
});

describe('R5 resolution', () => {
  const approveAll = (t: Table, ids: string[]) => {
    for (const p of ids) for (const id of ['DEU', 'FRA', 'POL', 'EST']) t.do(m(id), { type: 'vote', proposal: p, choice: 'yes' });
  };

  it('R5.2 an override decides the outcome and keeps the tally', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' }).to('voting');
    t.do(FAC, { type: 'override', target: { kind: 'proposal', proposal: 'p1', outcome: 'approved' }, reason: 'Council decision' });
    t.to('briefing', 2);
    expect(t.state.proposals[0]).toMatchObject({ status: 'delivered', override: { outcome: 'approved', reason: 'Council decision' } });
    expect(t.state.proposals[0]!.tally!.passed).toBe(false);
  });

  it('R5.3 funding order: carried-over first, then by yes-weight; unfunded ones carry over', () => {
    const t = new Table().to('proposals');
    t.do(m('DEU'), { type: 'propose', project: 'satellites', channel: 'fund' }); // 30,000 > pool
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' }).to('voting');
    approveAll(t, ['p1', 'p2']);
    t.to('briefing', 2);
    expect(t.state.proposals.map((p) => p.status)).toEqual(['approved', 'delivered']);
    expect(t.state.history[0]!.unfunded).toEqual(['p1']);
    t.state.pool += 30_000; t.state.ledger.issued += 30_000; // a windfall, booked
    t.to('briefing', 3);
    expect(t.state.proposals[0]!.status).toBe('funded');
    expect(t.state.history[1]!.funded).toEqual(['p1']);
  });

  it('R5.3 ties in yes-weight go to the earlier proposal, and a too-big one does not block cheaper ones', () => {
    const t = new Table().to('proposals');
    t.state.pool = 5_000; t.state.ledger.issued -= 5_000;
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'fund' }).to('voting');
    approveAll(t, ['p1', 'p2']);
    t.to('briefing', 2);
    expect(t.state.history[0]!.funded).toEqual(['p1']);
    expect(t.state.history[0]!.unfunded).toEqual(['p2']);
    expect(moneyBalances(t.state)).toBe(true);
  });

  it('R5.4 common projects are paid by cost share; who cannot pay goes into arrears', () => {
    const t = new Table().to('proposals');
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'common' }).to('voting');
    t.state.members.FRA!.balance = 0; t.state.ledger.spent += 400; // FRA spent its money elsewhere
    const cohesion = t.state.meters.cohesion;
    t.to('briefing', 2);
    const fra = t.members.FRA!;
    expect(fra.support).toBe(50);
    expect(t.state.history[0]!.arrears).toEqual(['FRA']);
    expect(t.state.history[0]!.meters.cohesion).toBe(cohesion - 1 + 0.5);
    // FRA's share of 2,000 by GDP is 400/2150 → 372; repaid from its round-2 allocation.
    expect(fra.arrears).toBe(0);
    expect(fra.balance).toBe(400 - 372);
    expect(moneyBalances(t.state)).toBe(true);
  });

  it('R5.5 industrial returns: lead 40 %, co-sponsors the rest by cumulative pledges', () => {
    const t = new Table().to('pledging');
    t.do(m('DEU'), { type: 'pledge', amount: 300 }).do(m('FRA'), { type: 'pledge', amount: 100 }).to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('DEU'), { type: 'cosponsor', proposal: 'p1', join: true }).do(m('FRA'), { type: 'cosponsor', proposal: 'p1', join: true }).to('voting');
    approveAll(t, ['p1']);
    t.to('briefing', 2);
    expect(t.state.history[0]!.returns).toEqual({ POL: 1600, DEU: 1800, FRA: 600 });
  });

  it('R5.6 delivery after the delay; R5.9 effects and regional support on delivery', () => {
    const t = new Table().to('proposals');
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'fund' }).to('voting');
    approveAll(t, ['p1']);
    t.to('briefing', 2);
    expect(t.state.proposals[0]).toMatchObject({ status: 'funded', deliverRound: 2 });
    const cap = t.state.tracks.cyber!.capability;
    t.to('briefing', 3);
    expect(t.state.proposals[0]!.status).toBe('delivered');
    expect(t.state.tracks.cyber!.capability).toBe(cap + 1);
  });

  it('R5.7 a fund project without the hegemon moves autonomy up and US engagement down', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' }).to('voting');
    approveAll(t, ['p1']);
    t.to('briefing', 2);
    expect(t.state.meters.usEngagement).toBe(5.5);
    expect(t.state.meters.autonomy).toBe(4.5);
  });

  it('R5.8 common funding raises cohesion', () => {
    const t = new Table().to('proposals');
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'common' }).to('briefing', 2);
    expect(t.state.meters.cohesion).toBe(6.5);
  });

  it('R5.10 returns raise support, capped per round', () => {
    const t = new Table().to('proposals');
    t.do(m('DEU'), { type: 'propose', project: 'air-defence', channel: 'fund' }).to('voting');
    approveAll(t, ['p1']);
    t.to('briefing', 2);
    // DEU receives 4,000 → +4 support (none of DEU's regions gains the east delivery bonus).
    expect(t.members.DEU!.support).toBe(64);
  });

  it('R5.11 drift and crises; R5.12 secure rounds score', () => {
    const t = new Table().to('voting');
    t.do(FAC, { type: 'override', target: { kind: 'track', track: 'east', threat: 6 }, reason: 'escalation' });
    t.to('briefing', 2);
    expect(t.state.tracks.east).toMatchObject({ threat: 6.5, crisis: true });
    expect(t.state.history[0]!.crises).toEqual(['east']);
    expect(t.members.POL!.support).toBe(52);
    expect(t.members.POL!.score.security).toBe(-3);
    expect(t.members.DEU!.score.security).toBe(2);
    expect(t.state.meters.cohesion).toBe(5);
  });

  it('R5.13 influence for sponsors and the winning side', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('EST'), { type: 'cosponsor', proposal: 'p1', join: true }).to('voting');
    for (const id of ['POL', 'EST', 'DEU']) t.do(m(id), { type: 'vote', proposal: 'p1', choice: 'yes' });
    t.do(m('FRA'), { type: 'vote', proposal: 'p1', choice: 'no' });
    t.to('briefing', 2);
    expect([t.members.POL!.score.influence, t.members.EST!.score.influence, t.members.DEU!.score.influence, t.members.FRA!.score.influence])
      .toEqual([2.5, 1.5, 0.5, 0]);
  });

  it('R5.14–R5.15 objectives and the end-of-game score', () => {
    const t = new Table();
    t.state.members.DEU!.objective = 'hawk'; // pledge at most 20 % of allocations
    t.to('voting', 3);
    t.do(FAC, { type: 'advance' });
    const deu = t.members.DEU!;
    expect(t.state.phase).toBe('ended');
    expect(deu.score.objectives).toBe(5);
    expect(deu.score.prudence).toBe(3);
    expect(deu.score.total).toBe(deu.score.security + deu.score.influence + 5 + deu.score.returns + 3);
  });

  it('R5.16 the Alliance Index', () => {
    const t = new Table().to('briefing', 2);
    // east 5.5/4, cyber 4.5/4: security (4/5.5 + 4/4.5)/2; cohesion 6; no crises.
    const expected = Math.round(100 * (0.5 * ((4 / 5.5 + 4 / 4.5) / 2) + 0.3 * 0.6 + 0.2));
    expect(t.state.allianceIndex).toBe(expected);
  });

  it('R5.17 the game ends after the last round, on fracture, or by the facilitator', () => {
    const t = new Table().to('voting', 3);
    t.do(FAC, { type: 'advance' });
    expect(t.state.ended).toEqual({ reason: 'rounds', round: 3 });
    const f = new Table().to('voting');
    f.do(FAC, { type: 'override', target: { kind: 'meter', meter: 'cohesion', value: 0.5 }, reason: 'collapse' });
    f.do(FAC, { type: 'override', target: { kind: 'track', track: 'east', threat: 9 }, reason: 'invasion' });
    f.do(FAC, { type: 'advance' });
    expect(f.state).toMatchObject({ phase: 'ended', ended: { reason: 'fracture', round: 1 } });
    const e = new Table().to('pledging');
    e.do(FAC, { type: 'end', reason: 'Bell rang' });
    expect(e.state.ended).toEqual({ reason: 'facilitator', round: 1, note: 'Bell rang' });
  });
});

describe('R6 content', () => {
  it('R6.3 injected first, then triggered events, then the deck', () => {
    const t = new Table().to('briefing');
    expect(t.state.event?.source).toBe('deck');
    t.do(FAC, { type: 'inject', event: { title: { en: 'Storm', fr: 'Tempête' }, text: { en: 'A storm', fr: 'Une tempête' }, effects: [] } });
    t.rejects(FAC, { type: 'inject', event: 'quiet' }, 'inject/already_pending');
    t.to('briefing', 2);
    expect(t.state.event).toMatchObject({ source: 'injected', title: { en: 'Storm' } });
    t.to('briefing', 3);
    expect(t.state.event).toMatchObject({ id: 'late', source: 'trigger' });
  });

  it('R6.4 objectives are dealt by region, without repeats while they last', () => {
    const s = createGame(fixtureScenario(), 5);
    // only POL and EST are eastern: 'shield' can go only to them
    for (const id of ['USA', 'DEU', 'FRA']) expect(s.members[id]!.objective).not.toBe('shield');
    // USA and DEU share the two region-free objectives between them before any repeats.
    expect(s.members.USA!.objective).not.toBe(s.members.DEU!.objective);
    expect(['hawk', 'bridge']).toContain(s.members.FRA!.objective);
  });

  it('R6.5 inject needs a known deck event or well-formed effects', () => {
    const t = new Table();
    t.rejects(FAC, { type: 'inject', event: 'unknown-card' }, 'inject/unknown_event', 'event');
    t.rejects(FAC, { type: 'inject', event: { title: { en: 'x', fr: 'x' }, text: { en: 'x', fr: 'x' }, effects: [{ kind: 'threat', track: 'moon', delta: 1 }] } }, 'override/unknown_track');
    t.rejects(FAC, { type: 'inject', event: { title: { en: 'x' }, text: { en: 'x', fr: 'x' }, effects: [] } }, 'action/invalid');
  });
});

describe('R7 information', () => {
  it('R7.1 objectives are secret until the end', () => {
    const t = new Table().to('pledging');
    const v = view(t.state, { kind: 'member', member: 'DEU' });
    expect(v.members.DEU!.objective).toBe(t.members.DEU!.objective);
    expect(v.members.FRA!.objective).toBeNull();
    expect(view(t.state, { kind: 'observer' }).members.DEU!.objective).toBeNull();
    expect(view(t.state, { kind: 'facilitator' }).members.FRA!.objective).toBe(t.members.FRA!.objective);
    t.do(FAC, { type: 'end' });
    expect(view(t.state, { kind: 'observer' }).members.FRA!.objective).toBe(t.members.FRA!.objective);
  });

  it('R7.2 private chat reaches only its channel', () => {
    const t = new Table().to('negotiation');
    t.do(m('DEU'), { type: 'chat', to: ['POL'], text: 'secret' }).do(m('FRA'), { type: 'chat', text: 'public' });
    const texts = (v: ReturnType<typeof view>) => v.chat.map((c) => c.text);
    expect(texts(view(t.state, { kind: 'member', member: 'POL' }))).toEqual(['secret', 'public']);
    expect(texts(view(t.state, { kind: 'member', member: 'FRA' }))).toEqual(['public']);
    expect(texts(view(t.state, { kind: 'observer' }))).toEqual(['public']);
    expect(texts(view(t.state, { kind: 'facilitator' }))).toEqual(['secret', 'public']);
  });

  it('R7.3 sealed pledges are hidden until pledging closes', () => {
    const t = new Table(fixtureScenario(), { sealedPledges: true }).to('pledging');
    t.do(m('DEU'), { type: 'pledge', amount: 100 });
    expect(t.events[0]!.visibleTo).toEqual(['DEU']);
    expect(view(t.state, { kind: 'member', member: 'FRA' }).pledges.DEU).toBeUndefined();
    expect(view(t.state, { kind: 'member', member: 'DEU' }).pledges.DEU?.amount).toBe(100);
    t.to('proposals');
    expect(view(t.state, { kind: 'member', member: 'FRA' }).pledges.DEU?.settled).toBe(100);
  });

  it('R7.6 chat lines are numbered within their channel', () => {
    const t = new Table().to('negotiation');
    t.do(m('FRA'), { type: 'chat', text: 'one' })
      .do(m('DEU'), { type: 'chat', to: ['POL'], text: 'a' })
      .do(m('POL'), { type: 'chat', to: ['DEU'], text: 'b' })
      .do(m('DEU'), { type: 'chat', to: ['FRA'], text: 'c' })
      .do(FAC, { type: 'announce', text: 'two' })
      .do(m('EST'), { type: 'chat', text: 'three' });
    const ids = (v: ReturnType<typeof view>) => v.chat.map((c) => `${c.text}${c.id}`);
    expect(ids(view(t.state, { kind: 'observer' }))).toEqual(['one1', 'two2', 'three3']);
    expect(ids(view(t.state, { kind: 'member', member: 'POL' }))).toEqual(['one1', 'a1', 'b2', 'two2', 'three3']);
    expect(ids(view(t.state, { kind: 'member', member: 'FRA' }))).toEqual(['one1', 'c1', 'two2', 'three3']);
  });

  it('R7.4 RNG, deck and pending inject are the facilitator\'s only', () => {
    const t = new Table();
    t.do(FAC, { type: 'inject', event: 'drones' });
    const v = view(t.state, { kind: 'member', member: 'DEU' }) as unknown as Record<string, unknown>;
    expect(v.rng).toBeUndefined();
    expect(v.deck).toBeUndefined();
    expect(v.pendingInject).toBeNull();
    expect(t.events[0]!.visibleTo).toEqual([]);
    expect(view(t.state, { kind: 'facilitator' }).pendingInject?.id).toBe('drones');
  });
});

describe('R8 determinism', () => {
  it('R8.2 the input state is never mutated by an accepted action', () => {
    const s = createGame(fixtureScenario(), 3);
    const before = structuredClone(s);
    const r = apply(s, FAC, { type: 'start' }, T0);
    expect(r.ok).toBe(true);
    expect(s).toEqual(before);
  });

  it('R8.2 garbage is a typed rejection, never an exception', () => {
    const s = createGame(fixtureScenario(), 3);
    for (const junk of [null, 42, 'pledge', [], {}, { type: 'nope' }, { type: 'pledge', amount: NaN }, { type: 'pledge', amount: 1e20 }, { type: 'start', extra: 1 }]) {
      const r = apply(s, FAC, junk, T0);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('action/invalid');
    }
  });
});

describe('clauses checked on their own', () => {
  it('R5.1 every open proposal is tallied at the close of voting, with its channel\'s rule', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'common' }).to('briefing', 2);
    expect(t.state.proposals.map((p) => p.tally?.rule.electorate)).toEqual(['participants', 'all-members']);
    expect(t.state.proposals.every((p) => p.status !== 'open')).toBe(true);
  });

  it('R6.2 a support effect without regions or members reaches everyone; with regions only them', () => {
    const t = new Table();
    t.do(FAC, { type: 'inject', event: { title: { en: 'Rally', fr: 'Rallye' }, text: { en: 'x', fr: 'x' }, effects: [
      { kind: 'support', delta: 5 }, { kind: 'support', delta: -20, regions: ['east'] }, { kind: 'meter', meter: 'autonomy', delta: 1.5 },
    ] } }).to('briefing');
    expect(t.state.memberOrder.map((id) => t.members[id]!.support)).toEqual([65, 65, 65, 45, 45]);
    expect(t.state.meters.autonomy).toBe(5.5);
  });

  it('R7.5 events follow the visibility of what they describe', async () => {
    const { visibleEvents } = await import('@aspf/shared');
    const t = new Table().to('negotiation');
    t.do(m('DEU'), { type: 'chat', to: ['POL'], text: 'just us' });
    const events = t.events;
    expect(visibleEvents(events, { kind: 'member', member: 'POL' })).toHaveLength(1);
    expect(visibleEvents(events, { kind: 'member', member: 'FRA' })).toHaveLength(0);
    expect(visibleEvents(events, { kind: 'observer' })).toHaveLength(0);
    expect(visibleEvents(events, { kind: 'facilitator' })).toHaveLength(1);
  });

  it('R8.1 the same seed and actions give the same game; another seed deals differently', () => {
    const a = createGame(fixtureScenario(), 77);
    expect(createGame(fixtureScenario(), 77)).toEqual(a);
    const others = [78, 79, 80, 81].map((seed) => createGame(fixtureScenario(), seed));
    expect(others.some((o) => JSON.stringify(o.memberOrder.map((id) => o.members[id]!.objective)) !== JSON.stringify(a.memberOrder.map((id) => a.members[id]!.objective)))).toBe(true);
  });

  it('R8.3 legalActions offers exactly what apply accepts, with the bounds of the checks', () => {
    const t = new Table().to('pledging');
    const pledge = legalActions(t.state, m('DEU'), t.now).find((l) => l.type === 'pledge');
    expect(pledge).toEqual({ type: 'pledge', min: 0, max: 500, conditional: true, current: 0 });
    expect(apply(t.state, m('DEU'), { type: 'pledge', amount: 500 }, t.now).ok).toBe(true);
    expect(apply(t.state, m('DEU'), { type: 'pledge', amount: 501 }, t.now).ok).toBe(false);
    expect(legalActions(t.state, m('DEU'), t.now).map((l) => l.type)).toEqual(['pledge', 'chat']);
    expect(legalActions(t.state, FAC, t.now).map((l) => l.type)).toEqual(
      ['advance', 'pause', 'extend', 'setTimers', 'inject', 'announce', 'end', 'assignSeat', 'freeSeat', 'override']);
    t.to('proposals');
    const propose = legalActions(t.state, m('POL'), t.now).find((l) => l.type === 'propose');
    expect(propose).toMatchObject({ projects: ['air-defence', 'cyber-shield', 'satellites'], custom: true });
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    expect(legalActions(t.state, m('EST'), t.now).find((l) => l.type === 'propose')).toMatchObject({ projects: ['cyber-shield', 'satellites'] });
    expect(legalActions(t.state, m('EST'), t.now).find((l) => l.type === 'cosponsor')).toEqual({ type: 'cosponsor', join: ['p1'], leave: [] });
    expect(legalActions(t.state, m('POL'), t.now).filter((l) => l.type === 'amend' || l.type === 'withdraw')).toEqual(
      [{ type: 'amend', proposals: ['p1'] }, { type: 'withdraw', proposals: ['p1'] }]);
    t.to('voting');
    expect(legalActions(t.state, m('USA'), t.now).find((l) => l.type === 'vote')).toBeUndefined();
    expect(legalActions(t.state, m('DEU'), t.now).find((l) => l.type === 'vote')).toEqual({ type: 'vote', proposals: ['p1'] });
  });
});
