import { Rng, seedFrom } from '@aspf/shared';

/** How long bots "think" before each action, in ms. */
export interface BotPacing {
  minMs: number;
  maxMs: number;
}

/**
 * The delay before a bot's next action: human-like (a few seconds by default) and a pure function
 * of the session seed and the bot's turn, so the same session paces its bots the same way.
 */
export function botDelay(pacing: BotPacing, seed: number, round: number, phase: string, member: string, step: number): number {
  const rng = new Rng(seedFrom(`pace:${seed}:${round}:${phase}:${member}:${step}`));
  return Math.round(pacing.minMs + rng.next() * Math.max(0, pacing.maxMs - pacing.minMs));
}

