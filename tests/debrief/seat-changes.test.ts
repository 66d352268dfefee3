import { describe, expect, it } from 'vitest';
import type { ActionInput, Actor } from '../../shared/src/index.ts';
import { afterActionReport, buildDebrief, seatChanges } from '../../shared/src/debrief/index.ts';
import { playScript } from './sessions.ts';

/**
 * The report's "seat changes" per round (shared/src/debrief/report.ts): since R1.7 a move or an
 * admission is a `seat`, a removal an `unseat`; a player's join (its first `seat`, by the system
 * actor) is not a change.
 */
const F: Actor = { kind: 'facilitator' };
const S: Actor = { kind: 'system' };
const SCRIPT: [Actor, ActionInput][] = [
  [S, { type: 'seat', player: 'ana', member: 'DEU' }], // joins in the lobby
  [F, { type: 'start' }],
  [S, { type: 'seat', player: 'ben', member: 'FRA' }], // joins late, in round 1: not a change
  [S, { type: 'phaseTimeout' }],
  [F, { type: 'seat', player: 'ana', member: 'POL' }], // the facilitator moves Ana: 1
  [F, { type: 'unseat', player: 'ben' }], // and removes Ben: 2
  [F, { type: 'assignSeat', member: 'EST', controller: 'bot', profile: 'steady' }], // a bot at EST: 3
  [S, { type: 'seat', player: 'ben', member: 'EST' }], // Ben back, at another seat: 4
  [S, { type: 'phaseTimeout' }], // to the end of round 1, so the timeline has its row
  [S, { type: 'phaseTimeout' }],
  [S, { type: 'phaseTimeout' }],
  [S, { type: 'phaseTimeout' }],
];

describe('seat changes in the report', () => {
  const { log } = playScript(SCRIPT);
  const d = buildDebrief(log);

  it('counts moves, removals and the facilitator\'s seat assignments, not joins', () => {
    expect(seatChanges(d.actions, 1)).toBe(4);
    expect(seatChanges(d.actions, 0)).toBe(0); // Ana's join in the lobby
    // Joins alone are no change, whichever round they happen in.
    expect(seatChanges(d.actions.filter((a) => a.seq <= 3), 1)).toBe(0);
  });

  it('the timeline says so, in English and French', () => {
    expect(afterActionReport(log)).toContain('4 seat changes');
    expect(afterActionReport(log, { locale: 'fr' })).toContain('4 changements de siège');
  });
});
