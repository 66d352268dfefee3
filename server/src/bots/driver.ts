import { botStepBudget, decide, isRunning, type Action, type GameState, type Locale, type MemberId } from '@aspf/shared';
import { botDelay, type BotPacing } from './pacing.ts';

/** What the driver needs from its room: the game, a clock, and the room's one path for actions. */
export interface BotHost {
  game(): GameState;
  /** Runs `task` after `ms` on the room's clock; the handle cancels it. */
  later(ms: number, task: () => void): { clear(): void };
  /** Queues a bot's turn behind the room's other requests, and applies what it returns. */
  turn(member: MemberId, decideNow: () => Action | null): void;
}

interface Slot {
  /** round:phase the step count belongs to. */
  key: string;
  step: number;
  timer?: { clear(): void };
}

/**
 * Bots at the table: every seat whose controller is a bot gets its next move scheduled a
 * human-like delay ahead (from the session seed), decided by the shared `decide()` when the delay
 * is over, and sent through the room's validated, logged path. A bot acts at most
 * botStepBudget(state) times a phase (a few, plus one per open proposal); one with nothing to do waits for the next change of the game.
 */
export class BotDriver {
  private readonly host: BotHost;
  private readonly pacing: BotPacing;
  private readonly slots = new Map<MemberId, Slot>();
  /** The session's language: bots chat in it (shared/src/bots/lines.ts). */
  private readonly locale: Locale;

  constructor(host: BotHost, pacing: BotPacing, locale: Locale = 'en') {
    this.host = host;
    this.pacing = pacing;
    this.locale = locale;
  }

  /** Call after every change of the game. */
  wake(): void {
    const g = this.host.game();
    const active = isRunning(g.phase) && !g.clock.paused;
    for (const id of g.memberOrder) {
      const seat = g.members[id]!.seat;
      let slot = this.slots.get(id);
      if (!active || seat.controller !== 'bot') {
        slot?.timer?.clear();
        this.slots.delete(id);
        continue;
      }
      const key = `${g.round}:${g.phase}`;
      if (!slot || slot.key !== key) {
        slot?.timer?.clear();
        slot = { key, step: 0 };
        this.slots.set(id, slot);
      }
      if (slot.timer || slot.step >= botStepBudget(g)) continue;
      const armed = slot;
      armed.timer = this.host.later(botDelay(this.pacing, g.seed, g.round, g.phase, id, slot.step), () => {
        armed.timer = undefined;
        this.host.turn(id, () => this.decide(id, armed));
      });
    }
  }

  stop(): void {
    for (const slot of this.slots.values()) slot.timer?.clear();
    this.slots.clear();
  }

  private decide(id: MemberId, slot: Slot): Action | null {
    const g = this.host.game();
    const seat = g.members[id]!.seat;
    if (this.slots.get(id) !== slot || seat.controller !== 'bot' || !isRunning(g.phase) || g.clock.paused) return null;
    const action = decide({ state: g, member: id, profile: seat.profile ?? 'steady', now: Date.now(), step: slot.step, locale: this.locale });
    if (action) slot.step += 1;
    return action;
  }
}
