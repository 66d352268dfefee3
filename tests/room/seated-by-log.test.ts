import { describe, expect, it } from 'vitest';
import { apply, createGame, type ActionInput, type Actor, type GameState } from '@aspf/shared';
import { seatedByLog } from '../../server/src/room/seating.ts';
import type { SeatRecord } from '../../server/src/store/session-store.ts';
import { fixtureScenario } from '../fixtures/scenario.ts';

/**
 * The log, not the store's seat record, says where a player sits (R1.7): a crash between the log
 * entry of a move or a removal and the seat record's update leaves the record behind, and a
 * restarted room (server/src/room/game-room.ts onCreate, a rejoin's onAuth) follows the log.
 */
const record = (player: string, role: SeatRecord['role'], member: string | null): SeatRecord => ({
  tokenHash: 'h', code: 'ABCDEF', player, role, member, name: player, createdAt: 0, revoked: false,
});
function game(steps: [Actor, ActionInput][]): GameState {
  let state = createGame(fixtureScenario(), 1);
  for (const [actor, action] of steps) {
    const r = apply(state, actor, action, 0);
    if (!r.ok) throw new Error(r.error.code);
    state = r.value.state;
  }
  return state;
}
const F: Actor = { kind: 'facilitator' };

describe('seatedByLog', () => {
  const g = game([[F, { type: 'seat', player: 'dana', member: 'POL' }], [F, { type: 'seat', player: 'olga', member: 'USA' }], [F, { type: 'unseat', player: 'kim' }]]);

  it('a move the store missed: the log’s member state wins', () => {
    expect(seatedByLog(g, record('dana', 'member', 'DEU'))).toMatchObject({ role: 'member', member: 'POL' });
    expect(seatedByLog(g, record('olga', 'observer', null))).toMatchObject({ role: 'member', member: 'USA' });
  });

  it('a removal the store missed: no seat', () => {
    expect(seatedByLog(g, record('kim', 'member', 'FRA'))).toBeNull();
  });

  it('what the log never saw keeps its record; a revoked record stays revoked', () => {
    const obs = record('ola', 'observer', null);
    expect(seatedByLog(g, obs)).toBe(obs);
    const old = record('pre', 'member', 'EST'); // a seat from a log written before R1.7
    expect(seatedByLog(g, old)).toBe(old);
    expect(seatedByLog(g, { ...record('dana', 'member', 'POL'), revoked: true })).toBeNull();
  });
});
