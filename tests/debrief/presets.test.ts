import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIO_IDS, TIMER_PRESETS, TIMER_PRESET_IDS, builtinScenario, playMinutes, presetSetup } from '@aspf/shared';
import { startTestServer, type TestServer } from '../room/harness.ts';

/**
 * Timer presets (issue #15 item 2, docs/FACILITATOR.md "Run sheets"): each leaves its run sheet's
 * debrief time in every built-in scenario, and the session-creation API takes them with a typed error.
 */
const DEBRIEF_MINUTES = { 'class-45': 15, 'class-90': 20, 'half-day': 40 } as const;
const SETUP_MINUTES = { 'class-45': 5, 'class-90': 10, 'half-day': 30 } as const;

describe('timer presets fit their run sheets', () => {
  it('Classroom\'s own timers take 85 minutes: no debrief fits a 90-minute class without a preset', () => {
    const c = builtinScenario('classroom')!;
    expect(playMinutes(c.rounds, c.timers)).toBe(85);
  });
  for (const preset of TIMER_PRESET_IDS) {
    it(`${preset}: setup + play + debrief ≤ ${TIMER_PRESETS[preset].minutes} minutes in every built-in scenario`, () => {
      for (const id of BUILTIN_SCENARIO_IDS) {
        const s = builtinScenario(id)!;
        const { rounds, timers } = presetSetup(preset, s.rounds);
        expect(rounds).toBeLessThanOrEqual(s.rounds);
        expect(SETUP_MINUTES[preset] + playMinutes(rounds, timers) + DEBRIEF_MINUTES[preset], `${preset} ${id}`).toBeLessThanOrEqual(TIMER_PRESETS[preset].minutes);
      }
    });
  }
});

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});
const create = (body: unknown) => fetch(`${ts.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('presets at session creation, over HTTP', () => {
  it('a preset sets rounds and timers; explicit rounds and timers win; a bad preset is a typed 400', async () => {
    const made = await create({ scenario: 'classroom', options: { preset: 'class-90' } });
    expect(made.status).toBe(201);
    const { code } = (await made.json()) as { code: string };
    expect(await (await fetch(`${ts.url}/api/sessions/${code}`)).json()).toMatchObject({ rounds: 5 });
    const short = (await (await create({ scenario: 'classroom', options: { preset: 'class-45' } })).json()) as { code: string };
    expect(await (await fetch(`${ts.url}/api/sessions/${short.code}`)).json()).toMatchObject({ rounds: 3 });
    const mine = (await (await create({ scenario: 'classroom', options: { preset: 'class-45', rounds: 4 } })).json()) as { code: string };
    expect(await (await fetch(`${ts.url}/api/sessions/${mine.code}`)).json()).toMatchObject({ rounds: 4 });

    for (const preset of ['class-60', '', 45, null]) {
      const bad = await create({ scenario: 'classroom', options: { preset } });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ code: 'http/invalid', path: 'options.preset', message: 'options.preset: expected a timer preset: class-45, class-90, half-day' });
    }
  });
});
