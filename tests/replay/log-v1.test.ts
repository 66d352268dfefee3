import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replay, type GameState, type LogEntry } from '@aspf/shared';
import { fixtureScenario } from '../fixtures/scenario.ts';

/**
 * A session log written before seating entered the log (R1.7): claims were the system's
 * `assignSeat`, a move the facilitator's `assignSeat` followed by a record outside the log.
 * tests/replay/log-v1.json was written by that engine and log-v1.expected.json is what it reached;
 * today's engine replays it to the same table, with no seating known (the room then reads the
 * seats from its store, server/src/room/game-room.ts).
 */
const read = (name: string) => JSON.parse(readFileSync(new URL(name, import.meta.url), 'utf8'));

describe('a log written before R1.7 still replays', () => {
  const log = read('./log-v1.json') as { seed: number; setup: object; entries: LogEntry[] };
  const state: GameState = replay({ scenario: fixtureScenario(), seed: log.seed, setup: log.setup, entries: log.entries });

  it('reaches the table it reached when it was written', () => {
    expect(log.entries.map((e) => e.action.type)).toContain('assignSeat');
    expect(log.entries.some((e) => e.action.type === 'seat' || e.action.type === 'unseat')).toBe(false);
    expect({
      phase: state.phase, round: state.round, pool: state.pool,
      seats: Object.fromEntries(state.memberOrder.map((id) => [id, state.members[id]!.seat])),
      balances: Object.fromEntries(state.memberOrder.map((id) => [id, state.members[id]!.balance])),
      proposals: state.proposals.map((p) => `${p.id}:${p.status}`), allianceIndex: state.allianceIndex,
    }).toEqual(read('./log-v1.expected.json'));
  });

  it('knows no player seating (none was logged)', () => {
    expect(state.seating).toEqual({});
  });
});
