import { describe, expect, it } from 'vitest';
import { apply, builtinScenario, createGame, fuzzGame, type GameState, type Scenario } from '@aspf/shared';
import { produce } from '../../shared/src/engine/produce.ts';
import { deepFreeze } from '../../shared/src/sim/fuzz.ts';
import { fixtureScenario } from '../fixtures/scenario.ts';
import { FAC, m, Table } from '../rules/harness.ts';

/**
 * Copy-on-write by structural sharing (shared/src/engine/produce.ts): `apply` copies only what an
 * action writes. Rows it did not touch keep their identity, so a projection can skip them by `===`;
 * the input state is deep-frozen, so any write that bypassed the copy would throw.
 */

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Re-applies a fuzz game's accepted actions on frozen states, checking sharing at every step. */
function replayFrozen(scenario: Scenario, seed: number, steps: number): { steps: number; keptMembers: number; newMembers: number } {
  const report = fuzzGame(scenario, seed, { steps, allowEnd: false });
  expect(report.failures).toEqual([]);
  let state: GameState = deepFreeze(createGame(scenario, seed, report.log.setup));
  let keptMembers = 0;
  let newMembers = 0;
  for (const entry of report.log.entries) {
    const before = JSON.stringify(state);
    const result = apply(state, entry.actor, entry.action, entry.at);
    if (!result.ok) throw new Error(`entry ${entry.seq} rejected: ${result.error.code}`);
    const next = result.value.state;
    expect(JSON.stringify(state)).toBe(before);
    expect(next).not.toBe(state);
    expect(next.scenario).toBe(state.scenario);
    for (const id of state.memberOrder) {
      const unchanged = same(state.members[id], next.members[id]);
      // Unchanged ⇒ the very same object; changed ⇒ necessarily a new one (the old is frozen).
      if (unchanged) expect(next.members[id]).toBe(state.members[id]);
      if (next.members[id] === state.members[id]) keptMembers++;
      else newMembers++;
    }
    state.proposals.forEach((p, i) => {
      if (same(p, next.proposals[i])) expect(next.proposals[i]).toBe(p);
    });
    for (const id of Object.keys(state.tracks)) {
      if (same(state.tracks[id], next.tracks[id])) expect(next.tracks[id]).toBe(state.tracks[id]);
    }
    for (const id of Object.keys(state.pledges)) {
      if (same(state.pledges[id], next.pledges[id])) expect(next.pledges[id]).toBe(state.pledges[id]);
    }
    if (same(state.history, next.history)) expect(next.history).toBe(state.history);
    if (same(state.chat, next.chat)) expect(next.chat).toBe(state.chat);
    state = deepFreeze(next);
  }
  return { steps: report.log.entries.length, keptMembers, newMembers };
}

describe('copy-on-write: apply copies only what an action writes', () => {
  it('a vote copies the voted proposal and nothing else of the table', () => {
    const t = new Table().to('proposals');
    t.do(m('POL'), { type: 'propose', project: 'air-defence', channel: 'fund' });
    t.do(m('EST'), { type: 'propose', project: 'cyber-shield', channel: 'common' });
    t.to('voting');
    const before = deepFreeze(t.state);
    t.do(m('DEU'), { type: 'vote', proposal: 'p2', choice: 'yes' });
    const after = t.state;
    expect(after.proposals[1]!.votes).toEqual({ DEU: 'yes' });
    expect(after.proposals[1]).not.toBe(before.proposals[1]);
    expect(after.proposals[0]).toBe(before.proposals[0]);
    expect(after.members).toBe(before.members);
    for (const id of before.memberOrder) expect(after.members[id]).toBe(before.members[id]);
    for (const key of ['scenario', 'tracks', 'meters', 'pledges', 'ledger', 'history', 'chat', 'deck', 'options', 'clock'] as const) {
      expect(after[key], key).toBe(before[key]);
    }
    expect(before.proposals[1]!.votes).toEqual({});
  });

  it('a private chat line copies the chat list only; a pledge copies the pledges only', () => {
    const t = new Table().to('pledging');
    const before = deepFreeze(t.state);
    t.do(m('DEU'), { type: 'chat', text: 'a word', to: ['FRA'] });
    expect(t.state.chat).toHaveLength(before.chat.length + 1);
    expect(t.state.chat.slice(0, -1).every((c, i) => c === before.chat[i])).toBe(true);
    expect(t.state.members).toBe(before.members);
    expect(t.state.proposals).toBe(before.proposals);
    expect(t.state.pledges).toBe(before.pledges);

    const mid = deepFreeze(t.state);
    t.do(m('FRA'), { type: 'pledge', amount: 100 });
    expect(t.state.pledges.FRA).toEqual({ amount: 100, status: 'pending' });
    expect(t.state.chat).toBe(mid.chat);
    expect(t.state.members).toBe(mid.members);
    expect(mid.pledges.FRA).toBeUndefined();
  });

  it('a phase change that pays allocations copies every member but shares the scenario and settled rows', () => {
    const t = new Table().to('voting');
    const before = deepFreeze(t.state);
    t.do(FAC, { type: 'advance' });
    expect(t.state.round).toBe(before.round + 1);
    expect(t.state.scenario).toBe(before.scenario);
    for (const id of before.memberOrder) expect(t.state.members[id]).not.toBe(before.members[id]);
    // Scores were not touched by the allocation: the nested score object is shared.
    for (const id of before.memberOrder) {
      if (same(t.state.members[id]!.score, before.members[id]!.score)) expect(t.state.members[id]!.score).toBe(before.members[id]!.score);
    }
  });

  it('no accepted action of a fuzz game writes its frozen input, and untouched rows keep identity', () => {
    for (const seed of [3, 4]) {
      // Odd seeds play rules v1, even seeds v2 (see fuzz.ts).
      const fixture = replayFrozen(fixtureScenario(), seed, 1500);
      expect(fixture.steps).toBeGreaterThan(40);
      // Most actions touch few members: far more rows are shared than copied.
      expect(fixture.keptMembers).toBeGreaterThan(fixture.newMembers * 3);
    }
    const brussels = replayFrozen(builtinScenario('brussels-2026')!, 7, 300);
    expect(brussels.keptMembers).toBeGreaterThan(brussels.newMembers * 3);
  });
});

describe('produce', () => {
  it('returns the base itself when the recipe writes nothing, even after reading deep', () => {
    const base = deepFreeze({ a: { b: [1, 2, { c: 3 }] }, d: { e: 1 } });
    const { value } = produce(base, (draft) => {
      void (draft.a.b[2] as { c: number }).c;
      draft.d.e = 1; // the same value: not a write
      return [];
    });
    expect(value).toBe(base);
  });

  it('copies the written path only and supports push, shift, delete and replacing a row', () => {
    const base = deepFreeze({ list: [{ id: 1 }, { id: 2 }], queue: ['x', 'y'], map: { k: { v: 1 }, j: { v: 2 } } as Record<string, { v: number }>, other: { n: 1 } });
    const { value, extra } = produce(base, (draft) => {
      draft.list[1]!.id = 20;
      draft.list.push({ id: 3 });
      const first = draft.queue.shift();
      delete draft.map.k;
      return [{ first, row: draft.list[0], moved: draft.map.j }];
    });
    expect(value).toEqual({ list: [{ id: 1 }, { id: 20 }, { id: 3 }], queue: ['y'], map: { j: { v: 2 } }, other: { n: 1 } });
    expect(value.list[0]).toBe(base.list[0]);
    expect(value.map.j).toBe(base.map.j);
    expect(value.other).toBe(base.other);
    expect(base.list[1]!.id).toBe(2);
    // What the recipe returned holds plain values, never drafts.
    expect(extra[0]!.first).toBe('x');
    expect(extra[0]!.row).toBe(base.list[0]);
    expect(extra[0]!.moved).toBe(base.map.j);
  });

  it('a draft written after produce returned throws instead of changing the published value', () => {
    let leaked: { n: number } | null = null;
    const { value } = produce({ o: { n: 1 } }, (draft) => {
      leaked = draft.o;
      draft.o.n = 2;
      return [];
    });
    expect(() => { leaked!.n = 3; }).toThrow(TypeError);
    expect(value.o.n).toBe(2);
  });
});
