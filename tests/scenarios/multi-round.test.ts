import { describe, expect, it } from 'vitest';
import type { ActionInput, Choice, PledgeCondition, ProposalStatus } from '@aspf/shared';
import { fixtureScenario } from '../fixtures/scenario.ts';
import { FAC, Table, m, moneyBalances } from '../rules/harness.ts';

/** Table-driven multi-round games: each round's moves as data, and what must follow. */
interface RoundScript {
  inject?: string;
  pledges?: Record<string, number | [number, PledgeCondition]>;
  proposals?: [lead: string, project: string, channel: 'fund' | 'common'][];
  cosponsors?: [member: string, proposal: string][];
  votes?: Record<string, Record<string, Choice>>;
  facilitator?: ActionInput[];
  expect: {
    honoured?: string[];
    fallen?: string[];
    statuses?: Record<string, ProposalStatus>;
    crises?: string[];
    pool?: number;
    ended?: 'rounds' | 'fracture' | 'facilitator' | null;
  };
}

const CASES: { name: string; seed?: number; rounds: RoundScript[] }[] = [
  {
    name: 'the United States vetoes the common budget while the fund passes by qualified majority',
    rounds: [{
      pledges: { DEU: 250, FRA: 200 },
      proposals: [['POL', 'air-defence', 'fund'], ['EST', 'cyber-shield', 'common']],
      votes: { p1: { DEU: 'yes', FRA: 'yes', POL: 'yes', EST: 'yes' }, p2: { USA: 'no', DEU: 'yes', FRA: 'yes', POL: 'yes', EST: 'yes' } },
      expect: { honoured: ['DEU', 'FRA'], statuses: { p1: 'delivered', p2: 'rejected' }, pool: 10_000 + 450 - 4_000, ended: null },
    }],
  },
  {
    name: 'an approved project waits for money and is funded first when pledges arrive',
    rounds: [
      {
        proposals: [['DEU', 'satellites', 'fund']],
        votes: { p1: { DEU: 'yes', FRA: 'yes', POL: 'yes', EST: 'yes' } },
        expect: { statuses: { p1: 'approved' }, pool: 10_000 },
      },
      {
        facilitator: [{ type: 'override', target: { kind: 'support', member: 'USA', value: 100 }, reason: 'Congress on board' }],
        pledges: { USA: 2_000, DEU: 500, FRA: 400, POL: 400, EST: 100 },
        proposals: [['POL', 'air-defence', 'fund']],
        votes: { p2: { USA: 'yes', DEU: 'yes', FRA: 'yes', POL: 'yes', EST: 'yes' } },
        // 13,400 in the pool: the satellites (30,000) still wait, the air defence (4,000) is bought.
        expect: { statuses: { p1: 'approved', p2: 'delivered' }, pool: 13_400 - 4_000 },
      },
    ],
  },
  {
    name: 'conditional pledges cascade: a chain falls when its anchor stays out',
    rounds: [{
      pledges: {
        DEU: [300, { kind: 'member-at-least', member: 'USA', amount: 100 }],
        FRA: [200, { kind: 'match', member: 'DEU' }],
        POL: [400, { kind: 'total-at-least', total: 700 }],
        EST: 50,
      },
      expect: { honoured: ['EST'], fallen: ['DEU', 'FRA', 'POL'], pool: 10_050 },
    }],
  },
  {
    name: 'neglect on the Eastern Flank turns into crises and the alliance fractures',
    rounds: [
      {
        facilitator: [
          { type: 'override', target: { kind: 'meter', meter: 'cohesion', value: 1.5 }, reason: 'a bitter summit' },
          { type: 'override', target: { kind: 'track', track: 'east', threat: 8 }, reason: 'mobilisation' },
        ],
        expect: { crises: ['east'], ended: null },
      },
      { expect: { crises: ['east'], ended: 'fracture' } },
    ],
  },
  {
    name: 'an industrial bottleneck delays a funded project by a round',
    rounds: [
      {
        // Injected now, the bottleneck plays at round 2's briefing: after funding, before delivery.
        facilitator: [{ type: 'inject', event: { title: { en: 'Bottleneck', fr: 'Goulot' }, text: { en: 'Late', fr: 'En retard' }, effects: [{ kind: 'delay', rounds: 1 }] } }],
        proposals: [['EST', 'cyber-shield', 'fund']],
        votes: { p1: { DEU: 'yes', FRA: 'yes', POL: 'yes', EST: 'yes' } },
        expect: { statuses: { p1: 'funded' } },
      },
      { expect: { statuses: { p1: 'funded' } } },
      { expect: { statuses: { p1: 'delivered' }, ended: 'rounds' } },
    ],
  },
];

describe('multi-round games, table-driven', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const t = new Table(fixtureScenario(), {}, c.seed ?? 1);
    for (const [i, round] of c.rounds.entries()) {
      const n = i + 1;
      t.to('briefing', n);
      // Facilitator moves that must land before this round's resolution (injects: before the next briefing).
      for (const action of round.facilitator ?? []) t.do(FAC, action);
      t.to('pledging', n);
      for (const [id, p] of Object.entries(round.pledges ?? {})) {
        t.do(m(id), Array.isArray(p) ? { type: 'pledge', amount: p[0], condition: p[1] } : { type: 'pledge', amount: p });
      }
      t.to('proposals', n);
      for (const [lead, project, channel] of round.proposals ?? []) t.do(m(lead), { type: 'propose', project, channel });
      for (const [id, proposal] of round.cosponsors ?? []) t.do(m(id), { type: 'cosponsor', proposal });
      t.to('voting', n);
      for (const [proposal, votes] of Object.entries(round.votes ?? {})) {
        for (const [id, choice] of Object.entries(votes)) t.do(m(id), { type: 'vote', proposal, choice });
      }
      t.do(FAC, { type: 'advance' });
      const report = t.state.history[n - 1]!;
      const e = round.expect;
      if (e.honoured) expect(report.pledges.filter((p) => p.status === 'honoured').map((p) => p.member)).toEqual(e.honoured);
      if (e.fallen) expect(report.pledges.filter((p) => p.status === 'fallen').map((p) => p.member)).toEqual(e.fallen);
      for (const [id, status] of Object.entries(e.statuses ?? {})) expect(t.state.proposals.find((p) => p.id === id)?.status, id).toBe(status);
      if (e.crises) expect(report.crises).toEqual(e.crises);
      if (e.pool !== undefined) expect(report.poolAfter).toBe(e.pool);
      if (e.ended !== undefined) expect(t.state.ended?.reason ?? null).toBe(e.ended);
      expect(moneyBalances(t.state)).toBe(true);
    }
  });
});
