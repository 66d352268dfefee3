import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEntry } from '@aspf/shared';
import { botDelay } from '../../server/src/bots/pacing.ts';
import { Player, createSession, sleep, startTestServer, type TestServer } from './harness.ts';

/**
 * Phase timers run on the room's clock and expire through the engine (a logged `phaseTimeout` by
 * the system actor); the facilitator pauses, extends and advances; clients get deadlines. Bots fill
 * seats and act through the same validated path, paced from the session seed.
 */

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ botPacing: { minMs: 10, maxMs: 30 } });
});
afterAll(async () => {
  await ts.stop();
});

const entries = (code: string): Promise<LogEntry[]> => ts.server.services.store.entries(code);

describe('phase timers', () => {
  it('expires a phase through the engine, and obeys pause, extend and advance', async () => {
    const timers = { briefing: 5, pledging: 60, proposals: 60, negotiation: 60, voting: 60 };
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 4, options: { timers } });
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const obs = await Player.join(ts.url, s.code, { role: 'observer' }, 'observer');
    const startedAt = Date.now();
    await f.must('start');
    await obs.until(() => obs.state.phase === 'briefing', 'briefing');
    expect(obs.state.endsAt).toBeGreaterThanOrEqual(startedAt + 5000);
    expect(obs.state.endsAt).toBeLessThanOrEqual(Date.now() + 5000);

    // Nobody acts: the room's clock ends the briefing at its deadline.
    await obs.until(() => obs.state.phase === 'pledging', 'the timeout', 8000);
    const log = await entries(s.code);
    const timeout = log.at(-1)!;
    expect(timeout.actor).toEqual({ kind: 'system' });
    expect(timeout.action).toEqual({ type: 'phaseTimeout' });
    expect(timeout.at).toBeGreaterThanOrEqual(startedAt + 5000);
    expect(obs.state.endsAt - timeout.at).toBe(60_000);

    await f.must('pause');
    await obs.until(() => obs.state.paused === true, 'paused');
    expect(obs.state.endsAt).toBe(0);
    const left = obs.state.remainingMs as number;
    expect(left).toBeGreaterThan(55_000);
    await f.must('extend', { seconds: 30 });
    await obs.until(() => obs.state.remainingMs === left + 30_000, 'extended while paused');
    const resumedAt = Date.now();
    await f.must('resume');
    await obs.until(() => obs.state.paused === false, 'resumed');
    expect(Math.abs(obs.state.endsAt - (resumedAt + left + 30_000))).toBeLessThan(1000);
    const deadline = obs.state.endsAt as number;
    await f.must('extend', { seconds: 10 });
    await obs.until(() => obs.state.endsAt === deadline + 10_000, 'extended');
    await f.must('advance');
    await obs.until(() => obs.state.phase === 'proposals', 'advanced');
    for (const p of [f, obs]) await p.leave();
  });
});

describe('bots', () => {
  it('fill seats and play a whole game through the validated path', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 33 });
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const usa = await Player.join(ts.url, s.code, { role: 'member', name: 'Uma', member: 'USA' }, 'USA');
    const profiles = { DEU: 'steady', FRA: 'autonomist', POL: 'hawk', CAN: 'atlanticist' } as const;
    for (const [member, profile] of Object.entries(profiles)) await f.must('assignSeat', { member, controller: 'bot', profile });
    expect(f.state.members.POL).toMatchObject({ seat: 'bot', profile: 'hawk' });

    /** Advances once the bots have gone quiet. */
    const settle = async () => {
      let seq = -1;
      while (seq !== f.state.seq) {
        seq = f.state.seq;
        await sleep(150);
      }
    };
    await f.must('start');
    while (f.state.phase !== 'ended') {
      await settle();
      const seq = await f.must('advance');
      await f.sees(seq);
    }
    const log = await entries(s.code);
    const botActs = log.filter((e) => e.actor.kind === 'member' && e.actor.member in profiles);
    const kinds = new Set(botActs.map((e) => e.action.type));
    expect(kinds).toContain('pledge');
    expect(kinds).toContain('vote');
    expect(botActs.length).toBeGreaterThan(20);
    expect(f.state.ended).not.toBe('');
    expect(Object.values(f.state.proposals).length).toBeGreaterThan(0);
    await usa.leave();
    await f.leave();
  });

  it('plays the same pledges for the same seed, and stops when its seat is freed', async () => {
    const runs: LogEntry[][] = [];
    for (let run = 0; run < 2; run++) {
      const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 77 });
      const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
      for (const member of ['USA', 'DEU', 'FRA', 'POL', 'CAN']) await f.must('assignSeat', { member, controller: 'bot', profile: member === 'FRA' ? 'free-rider' : 'steady' });
      await f.must('start');
      await f.must('advance'); // pledging: every bot but the United States' pledges once
      await f.until(() => ['DEU', 'FRA', 'POL', 'CAN'].every((m) => f.state.members[m].pledge), 'the bots pledged');
      await f.must('freeSeat', { member: 'CAN' });
      await f.must('advance'); // proposals
      await sleep(300);
      runs.push(await entries(s.code));
      await f.leave();
    }
    const pledges = (log: LogEntry[]) => log.filter((e) => e.action.type === 'pledge').map((e) => [e.actor, e.action]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(pledges(runs[0]!)).toHaveLength(4);
    expect(pledges(runs[0]!)).toEqual(pledges(runs[1]!));
    // Freed: Canada's seat is open and no bot acts for it any more.
    for (const log of runs) {
      const freedAt = log.findIndex((e) => e.action.type === 'freeSeat');
      expect(log.slice(freedAt).some((e) => e.actor.kind === 'member' && e.actor.member === 'CAN')).toBe(false);
    }
  });

  it('paces bots from the seed: the same turn waits the same time, within the configured range', () => {
    const pacing = { minMs: 1500, maxMs: 5000 };
    const a = botDelay(pacing, 7, 1, 'pledging', 'DEU', 0);
    expect(botDelay(pacing, 7, 1, 'pledging', 'DEU', 0)).toBe(a);
    const delays = ['DEU', 'FRA', 'POL', 'CAN', 'USA'].flatMap((m) => [0, 1, 2].map((step) => botDelay(pacing, 7, 1, 'voting', m, step)));
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(1500);
      expect(d).toBeLessThanOrEqual(5000);
    }
    expect(new Set(delays).size).toBeGreaterThan(10);
    expect(botDelay(pacing, 8, 1, 'pledging', 'DEU', 0)).not.toBe(a);
  });
});
