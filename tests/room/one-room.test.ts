import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchMaker } from '@colyseus/core';
import { ROOM_NAME } from '@aspf/shared/protocol';
import { LogBudget, checkRequestFrame } from '../../server/src/room/frames.ts';
import { Player, createSession, http, startTestServer, type TestServer } from './harness.ts';

/** One code, one room; a joiner's first word is its welcome; unreadable requests are named, not echoed. */

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

describe('one room per session', () => {
  it('refuses a second room for a live code, or a room without one, and the live room stays listed', async () => {
    const s = await createSession(ts.url);
    const live = ts.server.services.registry.get(s.code);
    expect(live).toBeDefined();
    for (const options of [{ code: s.code }, {}, { code: 'not a code' }, { code: "'; drop table sessions; --" }]) {
      await expect(matchMaker.createRoom(ROOM_NAME, options), JSON.stringify(options)).rejects.toThrow();
    }
    expect(ts.server.services.registry.get(s.code)).toBe(live);
    expect((await http<{ sessions: number }>(ts.url, '/api/health')).body.sessions).toBe(1);
    const p = await Player.join(ts.url, s.code, { role: 'observer', name: 'Still served' });
    expect(p.state.code).toBe(s.code);
    await p.leave();
  });

  it('welcomes a member taking an open seat before it hears of the seat change', async () => {
    const s = await createSession(ts.url);
    const p = await Player.join(ts.url, s.code, { role: 'member', name: 'First', member: 'DEU' });
    await p.until(() => p.events.some((e) => e.type === 'seatChanged'), 'the seat change');
    expect(p.arrivals[0]).toBe('welcome');
    expect(p.arrivals.indexOf('events')).toBeGreaterThan(p.arrivals.indexOf('welcome'));
    await p.leave();
  });
});

describe('request frames', () => {
  const request = (body: number[]) => Uint8Array.from([21, 7, 0xa6, ...Buffer.from('pledge'), ...body]);

  it('names what is wrong with a body without echoing it', () => {
    expect(checkRequestFrame(request([0x81, 0xa6, ...Buffer.from('amount'), 0x01]))).toEqual({ ok: true });
    expect(checkRequestFrame(request([0xd4, 99, 0]))).toMatchObject({ ok: false, requestId: 7, problem: 'unknown msgpack extension' });
    expect(checkRequestFrame(request([0x01, 0x02]))).toMatchObject({ ok: false, requestId: 7, problem: 'trailing bytes after the payload' });
    expect(checkRequestFrame(request([...Array<number>(40).fill(0x91), 1]))).toMatchObject({ ok: false, requestId: 7, problem: expect.stringMatching(/nested/) });
    expect(checkRequestFrame(Uint8Array.of(13, 0xa1, 0x78, 0xc1))).toEqual({ ok: true }); // not a request: Colyseus' own checks apply
  });

  it('writes at most its burst of log lines a minute, then says how many it dropped', () => {
    const budget = new LogBudget(3);
    const writes = Array.from({ length: 10 }, (_, i) => budget.take(1_000 + i).write);
    expect(writes.filter(Boolean)).toHaveLength(3);
    expect(budget.take(61_000)).toEqual({ write: true, dropped: 7 });
  });
});
