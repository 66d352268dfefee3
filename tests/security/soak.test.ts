import { describe, expect, it } from 'vitest';
import { soak } from './soak.ts';

/**
 * The short soak CI runs (`npm run soak` is the 30-minute one): bot sessions played to the end and
 * replaced, in a server process of its own. No errors at all; RSS is measured and printed, and only
 * bounded loosely here (a short run is dominated by the heap's warm-up; the long run holds 10 %).
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 40);
const SESSIONS = Number(process.env.SOAK_SESSIONS ?? 12);

describe('soak (short)', () => {
  it(`${SESSIONS} one-round bot sessions for ${SECONDS} s: no errors, bounded memory`, async () => {
    const r = await soak({ seconds: SECONDS, sessions: SESSIONS, rounds: 1, sampleMs: 2000 });
    console.log(`soak: ${r.games} games, ${r.actions} actions in ${r.seconds.toFixed(0)} s; RSS ${r.baselineMb.toFixed(0)} → ${r.finalMb.toFixed(0)} MB (${(r.growth * 100).toFixed(1)} %)`);
    expect(r.errors).toEqual([]);
    expect(r.games).toBeGreaterThanOrEqual(SESSIONS);
    expect(r.actions).toBeGreaterThan(SESSIONS * 20);
    expect(r.growth).toBeLessThan(0.5);
  }, (SECONDS + 60) * 1000);
});
