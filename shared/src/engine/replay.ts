import type { Scenario } from '../scenario/schema.ts';
import { check, perform } from './apply.ts';
import { createGame, type GameSetup } from './create.ts';
import type { GameEvent } from './events.ts';
import type { Action } from './actions.ts';
import type { Actor, GameState } from './types.ts';

/** One accepted action, as the session log keeps it (R8.1: the log is the source of truth). */
export interface LogEntry {
  seq: number;
  actor: Actor;
  action: Action;
  at: number;
}

export interface GameLog {
  scenario: Scenario;
  seed: number;
  setup: GameSetup;
  entries: LogEntry[];
}

export class ReplayError extends Error {
  readonly seq: number;
  readonly code: string;
  constructor(seq: number, code: string, message: string) {
    super(`log entry ${seq} was rejected on replay (${code}): ${message}`);
    this.seq = seq;
    this.code = code;
  }
}

/**
 * `replay(log)` rebuilds the state exactly by applying every logged action in order to one working
 * copy (no clone per step, so long logs replay fast). A rejected entry means the log is not this
 * engine's: it throws rather than guess.
 */
export function replay(log: GameLog, onStep?: (state: GameState, entry: LogEntry, events: GameEvent[]) => void): GameState {
  const state = createGame(log.scenario, log.seed, log.setup);
  for (const entry of log.entries) {
    const rejection = check(state, entry.actor, entry.action, entry.at);
    if (rejection) throw new ReplayError(entry.seq, rejection.code, rejection.message);
    const events: GameEvent[] = [];
    perform(state, entry.actor, entry.action, entry.at, events);
    onStep?.(state, entry, events);
  }
  return state;
}
