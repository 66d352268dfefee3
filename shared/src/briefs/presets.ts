import type { Timers } from '../scenario/schema.ts';

/**
 * Timer presets chosen at session creation (docs/FACILITATOR.md "Run sheets"): each fits one run
 * sheet, with time left for the debrief. Play time = rounds × the sum of the phase timers; a preset's
 * rounds never exceed the scenario's. Explicit `timers` or `rounds` in the request win over it.
 */
export const TIMER_PRESETS = {
  /** A 45-minute class: 5 min setup, 3 rounds of 7.5 min (22.5 min), 15 min debrief. */
  'class-45': { minutes: 45, rounds: 3, timers: { briefing: 30, pledging: 90, proposals: 90, negotiation: 150, voting: 90 } },
  /** A 90-minute class: 10 min briefs, 5 rounds of 11 min (55 min), 20 min debrief, 5 min spare. */
  'class-90': { minutes: 90, rounds: 5, timers: { briefing: 45, pledging: 120, proposals: 150, negotiation: 240, voting: 105 } },
  /** A half-day workshop (3 h 30): 30 min briefs and team roles, up to 6 rounds of 22.5 min, 40 min debrief. */
  'half-day': { minutes: 210, rounds: 6, timers: { briefing: 90, pledging: 240, proposals: 300, negotiation: 480, voting: 240 } },
} as const satisfies Record<string, { minutes: number; rounds: number; timers: Timers }>;

export type TimerPreset = keyof typeof TIMER_PRESETS;
export const TIMER_PRESET_IDS = Object.keys(TIMER_PRESETS) as [TimerPreset, ...TimerPreset[]];

/** The rounds and timers a preset gives a scenario of `scenarioRounds` rounds. */
export function presetSetup(preset: TimerPreset, scenarioRounds: number): { rounds: number; timers: Timers } {
  const p = TIMER_PRESETS[preset];
  return { rounds: Math.min(p.rounds, scenarioRounds), timers: { ...p.timers } };
}

/** Minutes of play: rounds × the phase timers (the lobby waits for the facilitator). */
export const playMinutes = (rounds: number, timers: Timers): number =>
  (rounds * (timers.briefing + timers.pledging + timers.proposals + timers.negotiation + timers.voting)) / 60;
