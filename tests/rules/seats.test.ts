import { describe, expect, it } from 'vitest';
import { apply, createGame, replay, type ActionInput, type Actor, type GameState, type LogEntry } from '@aspf/shared';
import { fixtureScenario } from '../fixtures/scenario.ts';

/** R1.7 who sits where is in the log: `seat` and `unseat` (shared/src/engine/seats.ts). */

const F: Actor = { kind: 'facilitator' };
const S: Actor = { kind: 'system' };
const T0 = Date.UTC(2026, 2, 1, 10);

function run(steps: [Actor, ActionInput][]) {
  let state = createGame(fixtureScenario(), 3);
  const entries: LogEntry[] = [];
  const events = [];
  for (const [i, [actor, action]] of steps.entries()) {
    const r = apply(state, actor, action, T0 + i);
    if (!r.ok) throw new Error(`step ${i + 1}: ${r.error.code}`);
    state = r.value.state;
    events.push(r.value.events);
    entries.push({ seq: i + 1, actor, action: r.value.action, at: T0 + i });
  }
  return { state, entries, events };
}
const refusal = (state: GameState, actor: Actor, action: ActionInput) => {
  const r = apply(state, actor, action, T0);
  return r.ok ? 'accepted' : r.error.code;
};

describe('R1.7 seating in the log', () => {
  it('a claim seats the player and hands an open seat to a human in the same entry', () => {
    const { state, events } = run([[S, { type: 'seat', player: 'ann', member: 'DEU' }]]);
    expect(state.seating).toEqual({ ann: 'DEU' });
    expect(state.members.DEU!.seat).toEqual({ controller: 'human' });
    expect(events[0]!.map((e) => e.type)).toEqual(['seatChanged', 'playerSeated']);
    // The player's seat is the facilitator's to see; the seat's controller is public as before.
    expect(events[0]![1]).toMatchObject({ player: 'ann', member: 'DEU', from: null, visibleTo: [] });
    expect(events[0]![0]!.visibleTo).toBeUndefined();
  });

  it('a move is one entry: off the old seat, onto the new one, the bot there replaced', () => {
    const { state, entries, events } = run([
      [S, { type: 'seat', player: 'ann', member: 'DEU' }],
      [F, { type: 'assignSeat', member: 'FRA', controller: 'bot', profile: 'hawk' }],
      [F, { type: 'seat', player: 'ann', member: 'FRA' }],
    ]);
    expect(entries).toHaveLength(3);
    expect(state.seating).toEqual({ ann: 'FRA' });
    expect(state.members.FRA!.seat).toEqual({ controller: 'human' });
    expect(state.members.DEU!.seat).toEqual({ controller: 'human' }); // the seat left behind stays as it was
    expect(events[2]!.find((e) => e.type === 'playerSeated')).toMatchObject({ from: 'DEU', member: 'FRA' });
  });

  it('a removal is remembered, and replay rebuilds the seating from the log alone', () => {
    const { state, entries } = run([
      [S, { type: 'seat', player: 'ann', member: 'DEU' }],
      [S, { type: 'seat', player: 'bob', member: 'DEU' }],
      [F, { type: 'unseat', player: 'bob' }],
    ]);
    expect(state.seating).toEqual({ ann: 'DEU', bob: null });
    expect(replay({ scenario: fixtureScenario(), seed: 3, setup: {}, entries }).seating).toEqual(state.seating);
    expect(refusal(state, F, { type: 'unseat', player: 'bob' })).toBe('seat/already');
  });

  it('refuses the same seat again, an unknown member, members and observers, and the ended game', () => {
    const { state } = run([[S, { type: 'seat', player: 'ann', member: 'DEU' }]]);
    expect(refusal(state, F, { type: 'seat', player: 'ann', member: 'DEU' })).toBe('seat/already');
    expect(refusal(state, F, { type: 'seat', player: 'ann', member: 'XXX' })).toBe('member/unknown');
    expect(refusal(state, F, { type: 'seat', player: 'a b', member: 'DEU' })).toBe('action/invalid');
    expect(refusal(state, { kind: 'member', member: 'DEU' }, { type: 'seat', player: 'ann', member: 'FRA' })).toBe('actor/not_facilitator');
    expect(refusal(state, { kind: 'observer' }, { type: 'unseat', player: 'ann' })).toBe('actor/not_facilitator');
    const ended = run([[F, { type: 'end' }]]).state;
    expect(refusal(ended, F, { type: 'seat', player: 'ann', member: 'DEU' })).toBe('game/ended');
    // A removal after the end still counts (the facilitator may clear the room at any time).
    expect(refusal(ended, F, { type: 'unseat', player: 'ann' })).toBe('accepted');
  });
});
