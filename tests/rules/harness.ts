import { expect } from 'vitest';
import { apply, createGame, type ActionInput, type Actor, type GameEvent, type GameSetup, type GameState, type RejectionCode, type Scenario } from '@aspf/shared';
import { fixtureScenario } from '../fixtures/scenario.ts';

export const T0 = Date.UTC(2026, 0, 1, 9);
export const FAC: Actor = { kind: 'facilitator' };
export const SYS: Actor = { kind: 'system' };
export const OBS: Actor = { kind: 'observer' };
export const m = (member: string): Actor => ({ kind: 'member', member });

/** A game driven step by step; every step must be accepted. */
export class Table {
  state: GameState;
  now = T0;
  events: GameEvent[] = [];
  constructor(scenario: Scenario = fixtureScenario(), setup: GameSetup = {}, seed = 1) {
    this.state = createGame(scenario, seed, setup);
  }
  do(actor: Actor, action: ActionInput): this {
    this.now += 1000;
    const result = apply(this.state, actor, action, this.now);
    if (!result.ok) throw new Error(`expected ${action.type} to be accepted: ${result.error.code} ${result.error.message}`);
    this.state = result.value.state;
    this.events = result.value.events;
    return this;
  }
  /** The facilitator advances until the game is in the given phase (of the given round). */
  to(phase: GameState['phase'], round = Math.max(1, this.state.round)): this {
    if (this.state.phase === 'lobby') this.do(FAC, { type: 'start' });
    let guard = 0;
    while (!(this.state.phase === phase && this.state.round === round)) {
      if (++guard > 100 || this.state.phase === 'ended') throw new Error(`cannot reach ${phase} of round ${round}`);
      this.do(FAC, { type: 'advance' });
    }
    return this;
  }
  get members() { return this.state.members; }
  rejects(actor: Actor, action: unknown, code: RejectionCode, field?: string): void {
    expectRejected(this.state, actor, action, code, field, this.now + 1000);
  }
}

/** R8.2 a rejection has the exact code, and neither the returned nor the given state changed. */
export function expectRejected(state: GameState, actor: Actor, action: unknown, code: RejectionCode, field?: string, now = T0): void {
  const before = structuredClone(state);
  const result = apply(state, actor, action, now);
  expect(result.ok, `expected ${code}`).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  expect(result.error.message.length).toBeGreaterThan(5);
  if (field !== undefined) expect(result.error.field).toBe(field);
  expect(state).toEqual(before);
}

/** Money conservation (R2.3). */
export function moneyBalances(state: GameState): boolean {
  const held = Object.values(state.members).reduce((s, mm) => s + mm.balance, 0) + state.pool;
  return held === state.ledger.issued - state.ledger.spent;
}
