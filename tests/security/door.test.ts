import { request } from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from 'msgpackr';
import { Client } from '@colyseus/sdk';
import { JOIN_ERRORS, PROTOCOL_VERSION, type Reply } from '@aspf/shared/protocol';
import { Player, createSession, http } from '../room/harness.ts';
import { freePort } from '../support/ports.ts';
import { spawnServer } from '../support/server-process.ts';

/**
 * The door around a session (docs/SECURITY.md "The door"), tested as an outside client found its
 * holes: plain HTTP and real `@colyseus/sdk` clients against a server process started as
 * `npm start` starts it. Different loopback addresses (127.0.0.x) stand for different machines.
 */

interface Served {
  url: string;
  port: number;
  child: ChildProcess;
  dir: string;
}

async function serve(env: Record<string, string> = {}): Promise<Served> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'aspf-door-'));
  const child = await spawnServer(port, dir, { BOT_DELAY_MS: '20-60', ...env });
  return { url: `http://127.0.0.1:${port}`, port, child, dir };
}

function stop(s: Served | undefined): void {
  if (!s) return;
  s.child.kill('SIGKILL');
  rmSync(s.dir, { recursive: true, force: true });
}

/** An HTTP request from a chosen loopback address. */
function call(s: Served, method: string, path: string, body?: unknown, from = '127.0.0.1'): Promise<{ status: number; headers: Record<string, unknown>; body: any }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((done, fail) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request({ host: '127.0.0.1', port: s.port, method, path, localAddress: from, headers: text ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } : {} }, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => {
        let parsed: unknown = data;
        try {
          parsed = data ? JSON.parse(data) : null;
        } catch { /* not JSON: keep the text */ }
        done({ status: res.statusCode!, headers: res.headers, body: parsed });
      });
    });
    req.on('error', fail);
    req.end(text);
  });
}

/**
 * A new seat from `from`: the reservation over HTTP from that address, the WebSocket (where the
 * room decides) from that address too, as a browser on that machine would.
 */
async function joinFrom(s: Served, from: string, code: string, options: Record<string, unknown>): Promise<Player | { refused: number; message: string }> {
  const reserved = await call(s, 'POST', `/matchmake/joinById/${code}`, { protocol: PROTOCOL_VERSION, ...options }, from);
  if (reserved.status !== 200) return { refused: reserved.body.code, message: reserved.body.error };
  try {
    return await Player.consume(s.url, reserved.body, from);
  } catch (error) {
    return { refused: (error as { code: number }).code, message: (error as Error).message };
  }
}

const refusedCode = (x: Player | { refused: number }) => ('refused' in x ? x.refused : 0);

async function sdkError(run: () => Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await run();
  } catch (error) {
    return { code: (error as { code: number }).code, message: (error as Error).message };
  }
  throw new Error('accepted');
}

describe('the door: only a join code opens a session', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve({ JOIN_FAILURE_LIMIT: '200/60' });
  });
  afterAll(() => stop(s));

  it('refuses join, joinOrCreate, create and every other matchmaking call, over HTTP and through the SDK', async () => {
    const live = await createSession(s.url);
    const before = (await http<{ sessions: number }>(s.url, '/api/health')).body.sessions;
    const bodies = [{ protocol: 1, role: 'member', name: 'x', member: 'USA' }, { code: live.code }, {}];
    for (const method of ['join', 'joinOrCreate', 'create', 'query', 'findOneRoomAvailable', 'remoteRoomCall']) {
      for (const body of bodies) {
        const r = await call(s, 'POST', `/matchmake/${method}/game`, body);
        expect(r.status, `${method} ${JSON.stringify(body)}`).toBe(403);
        expect(r.body).toEqual({ code: JOIN_ERRORS['join/by_code_only'], error: expect.stringMatching(/^join\/by_code_only: /) });
      }
    }
    for (const [method, path] of [['GET', '/matchmake/game'], ['GET', '/matchmake'], ['POST', '/matchmake'], ['PUT', '/matchmake/joinById/game']]) {
      expect((await call(s, method!, path!)).status, `${method} ${path}`).toBe(403);
    }
    const sdk = new Client(s.url);
    for (const attempt of [() => sdk.join('game', { protocol: 1, role: 'member', name: 'x', member: 'USA' }), () => sdk.joinOrCreate('game', {}), () => sdk.create('game', { code: live.code })]) {
      const e = await sdkError(attempt);
      expect(e.code).toBe(JOIN_ERRORS['join/by_code_only']);
      expect(e.message).toMatch(/^join\/by_code_only: /);
    }
    // Nothing was created or found: one session, still served, still one room.
    const health = (await http<{ sessions: number }>(s.url, '/api/health')).body;
    expect(health.sessions).toBe(before);
    const student = await Player.join(s.url, live.code, { role: 'observer', name: 'Still fine' });
    expect(student.welcome!.code).toBe(live.code);
    await student.leave();
  });

  it('answers the health check and the API without an X-Powered-By header', async () => {
    for (const path of ['/api/health', '/api/scenarios', '/nothing-here']) {
      expect((await call(s, 'GET', path)).headers['x-powered-by'], path).toBeUndefined();
    }
  });
});

describe('team seats need consent', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve({ JOIN_FAILURE_LIMIT: '200/60' });
  });
  afterAll(() => stop(s));

  it('seats a newcomer at an occupied delegation only with its team code or the facilitator’s approval; until then it sees nothing private', async () => {
    const live = await createSession(s.url, { scenario: 'quick-demo', seed: 11, options: { sealedPledges: true } });
    const f = await Player.join(s.url, live.code, { role: 'facilitator', name: 'T', key: live.facilitatorKey }, 'facilitator');
    const usa = await Player.join(s.url, live.code, { role: 'member', name: 'Uma', member: 'USA' }, 'USA');
    const deu = await Player.join(s.url, live.code, { role: 'member', name: 'Dirk', member: 'DEU' }, 'DEU');
    expect(usa.welcome!.teamCode).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{5}$/);
    expect(f.welcome!.teamCodes!.USA).toBe(usa.welcome!.teamCode);
    expect(deu.welcome!.teamCode).not.toBe(usa.welcome!.teamCode);
    await f.must('start');
    await f.must('advance'); // pledging, sealed
    await usa.must('pledge', { amount: 700 });
    await deu.must('chat', { to: ['USA'], text: 'SECRET-DEU-USA' });
    await usa.until(() => usa.chat.some((m) => m.text === 'SECRET-DEU-USA'), 'the private line');

    // Without a team code: an observer whose request waits; nothing private reaches it.
    const eve = await Player.join(s.url, live.code, { role: 'member', name: 'Eve', member: 'USA' }, 'eve');
    expect(eve.welcome!.seat).toMatchObject({ role: 'observer', member: null, request: 'USA' });
    expect(eve.welcome!.teamCode).toBeUndefined();
    expect(eve.state.members.USA.objective).toBeUndefined();
    expect(eve.state.members.USA.sealedAmount).toBeUndefined();
    expect(eve.chat.map((m) => m.text)).not.toContain('SECRET-DEU-USA');
    expect(await eve.act('pledge', { amount: 1 })).toMatchObject({ ok: false, code: 'actor/not_member' });
    await f.until(() => Object.values(f.state.players).some((p: any) => p.name === 'Eve' && p.request === 'USA'), 'the request on the console'); // eslint-disable-line @typescript-eslint/no-explicit-any

    // A wrong team code is refused, at the door and in the room.
    const wrong = usa.welcome!.teamCode === 'AAAAA' ? 'CCCCC' : 'AAAAA';
    const refused = await sdkError(() => new Client(s.url).joinById(live.code, { protocol: 1, role: 'member', name: 'Mal', member: 'USA', teamCode: wrong }));
    expect(refused.code).toBe(JOIN_ERRORS['join/bad_team_code']);
    expect(await eve.act('requestSeat', { member: 'USA', teamCode: wrong })).toMatchObject({ ok: false, code: 'seat/bad_team_code', field: 'teamCode' });
    expect(await deu.act('requestSeat', { member: 'USA' })).toMatchObject({ ok: false, code: 'seat/not_observer' });

    // The facilitator refuses, then Eve asks again and is accepted: now she is USA's team mate.
    const eveId = eve.welcome!.seat.player;
    expect(await usa.act('admit', { player: eveId, accept: true })).toMatchObject({ ok: false, code: 'actor/not_facilitator' });
    await f.must('admit', { player: eveId, accept: false });
    await eve.until(() => eve.welcome!.seat.request === null, 'the refusal');
    expect(await f.act('admit', { player: eveId, accept: true })).toMatchObject({ ok: false, code: 'admit/no_request' });
    await eve.must('requestSeat', { member: 'USA' });
    await eve.until(() => eve.welcome!.seat.request === 'USA', 'the new request');
    await f.must('admit', { player: eveId, accept: true });
    await eve.until(() => eve.welcome!.seat.role === 'member' && eve.state.members.USA?.sealedAmount === 700, 'the seat and its secrets');
    expect(eve.welcome!.teamCode).toBe(usa.welcome!.teamCode);
    expect(eve.chat.map((m) => m.text)).toContain('SECRET-DEU-USA');

    // With the team code, a team mate is seated at once.
    const mate = await Player.join(s.url, live.code, { role: 'member', name: 'Matt', member: 'USA', teamCode: usa.welcome!.teamCode!.toLowerCase() }, 'mate');
    expect(mate.welcome!.seat).toMatchObject({ role: 'member', member: 'USA' });
    // An empty seat is as easy as ever: no code, no approval.
    const pol = await Player.join(s.url, live.code, { role: 'member', name: 'Pola', member: 'POL' }, 'POL');
    expect(pol.welcome!.seat.member).toBe('POL');
    // No member chosen: the first seat nobody holds (FRA, then CAN); then none is left: an observer.
    const fra = await Player.join(s.url, live.code, { role: 'member', name: 'Fran' }, 'FRA');
    const can = await Player.join(s.url, live.code, { role: 'member', name: 'Cami' }, 'CAN');
    expect([fra.welcome!.seat.member, can.welcome!.seat.member]).toEqual(['FRA', 'CAN']);
    const late = await Player.join(s.url, live.code, { role: 'member', name: 'Late' }, 'late');
    expect(late.welcome!.seat).toMatchObject({ role: 'observer', member: null, request: null });
    for (const p of [f, usa, deu, eve, mate, pol, fra, can, late]) await p.leave();
  });
});

describe('guessing codes is slow everywhere', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve({ JOIN_FAILURE_LIMIT: '10/60' });
  });
  afterAll(() => stop(s));

  it('counts unknown codes on every session route in the join limiter, and answers 429 only after the limit', async () => {
    const live = await createSession(s.url);
    const from = '127.0.0.2';
    const misses = ['/api/sessions/KKKKKKK', '/api/sessions/KKKKKKK/scenario', '/api/sessions/KKKKKKK/report', `/api/sessions/${live.code}/report`, '/api/sessions/nonsense'];
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await call(s, 'GET', misses[i % misses.length]!, undefined, from)).status);
    expect(statuses.every((x) => x === 403 || x === 404), statuses.join()).toBe(true);
    // The 11th request, even for the real code, is refused: a right guess teaches nothing.
    const blocked = await call(s, 'GET', `/api/sessions/${live.code}`, undefined, from);
    expect(blocked.status).toBe(429);
    expect(blocked.body.code).toBe('http/rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const join = await call(s, 'POST', `/matchmake/joinById/${live.code}`, { protocol: 1, role: 'observer' }, from);
    expect(join.status).toBe(429);
    // Another address is not affected.
    expect((await call(s, 'GET', `/api/sessions/${live.code}`, undefined, '127.0.0.3')).status).toBe(200);
  });

  it('refuses exactly JOIN_FAILURE_LIMIT joins with their own error before the 429', async () => {
    const from = '127.0.0.4';
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await call(s, 'POST', '/matchmake/joinById/KKKKKKK', { protocol: 1, role: 'observer' }, from)).status);
    expect(codes.slice(0, 10).every((c) => c !== 429), codes.join()).toBe(true);
    expect(codes[10]).toBe(429);
  });
});

describe('one address cannot lock a session', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve({ JOIN_FAILURE_LIMIT: '500/60', SESSION_CAPACITY: '24', MAX_OBSERVERS: '6', JOIN_SEAT_LIMIT: '8/600' });
  });
  afterAll(() => stop(s));

  it('caps new seats per address, observers per session and new seats per session; tokens and the facilitator always get back in', async () => {
    const live = await createSession(s.url);
    const f = await Player.join(s.url, live.code, { role: 'facilitator', name: 'T', key: live.facilitatorKey }, 'facilitator');
    const student = await Player.join(s.url, live.code, { role: 'member', name: 'Real student', member: 'DEU' }, 'student');

    // One address: 8 seats in this session, then join/rate_limited.
    const crowd: Player[] = [];
    const outcomes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const r = await joinFrom(s, '127.0.0.5', live.code, { role: 'member', name: `Bot net ${i}`, member: 'POL', teamCode: undefined });
      outcomes.push(refusedCode(r));
      if (!('refused' in r)) crowd.push(r);
    }
    // POL: the first takes the seat, the rest become observers waiting for approval; observers stop at 6.
    expect(crowd.length).toBe(7);
    expect(outcomes.slice(7)).toEqual([JOIN_ERRORS['join/session_full'], JOIN_ERRORS['join/session_full'], JOIN_ERRORS['join/session_full']]);
    // Many addresses that know DEU's team code: new seats stop at 90 % of SESSION_CAPACITY (21 of 24).
    const teamCode = f.welcome!.teamCodes!.DEU!;
    let stopped = 0;
    for (let host = 6; stopped === 0 && host < 20; host++) {
      for (let i = 0; i < 9; i++) {
        const r = await joinFrom(s, `127.0.0.${host}`, live.code, { role: 'member', name: `Crowd ${host}.${i}`, member: 'DEU', teamCode });
        if ('refused' in r) {
          if (r.refused === JOIN_ERRORS['join/session_full']) stopped = r.refused;
          else expect(r.refused, r.message).toBe(JOIN_ERRORS['join/rate_limited']);
          break;
        }
        crowd.push(r);
      }
    }
    expect(stopped).toBe(JOIN_ERRORS['join/session_full']);
    expect(crowd.length + 2).toBe(21);
    const full = await joinFrom(s, '127.0.0.30', live.code, { role: 'member', name: 'One more', member: 'CAN' });
    expect(refusedCode(full)).toBe(JOIN_ERRORS['join/session_full']);

    // Whatever the crowd: the student's and the facilitator's tokens reopen their seats.
    await student.leave();
    await f.leave();
    const back = await Player.join(s.url, live.code, { token: student.token }, 'student back');
    const fBack = await Player.join(s.url, live.code, { token: f.token }, 'facilitator back');
    expect(back.welcome!.seat.member).toBe('DEU');
    expect(fBack.welcome!.seat.role).toBe('facilitator');

    // The facilitator removes every observer at once.
    const observers = crowd.filter((p) => p.welcome!.seat.role === 'observer');
    expect(observers.length).toBeGreaterThan(0);
    await fBack.must('removeObservers', {});
    for (const o of observers) await o.until(() => o.closed !== null, 'removed');
    expect(observers.every((o) => o.closed === 4403)).toBe(true);
    await fBack.until(() => Object.values(fBack.state.players).every((p: any) => p.role !== 'observer'), 'no observer left'); // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const p of [back, fBack, ...crowd]) await p.leave();
  });

  it('takes departed observers out of the state, so a late joiner downloads a small table', async () => {
    const live = await createSession(s.url);
    const sizes: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) {
        const o = await joinFrom(s, `127.0.1.${round * 10 + i + 1}`, live.code, { role: 'observer', name: `Passer-by ${i}` });
        if ('refused' in o) throw new Error(o.message);
        await o.leave();
      }
      const look = await Player.join(s.url, live.code, { role: 'observer', name: `Look ${round}` });
      sizes.push(Object.keys(look.state.players).length);
      await look.leave();
    }
    expect(sizes).toEqual([1, 1, 1]);
  });
});

describe('what the wire gives away, and what it accepts', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve({ JOIN_FAILURE_LIMIT: '200/60', ACTION_BUDGET: '6' });
  });
  afterAll(() => stop(s));

  it('numbers public and private lines apart, and sends observers nothing for a sealed pledge or a private line', async () => {
    const live = await createSession(s.url, { scenario: 'quick-demo', seed: 5, options: { sealedPledges: true } });
    const f = await Player.join(s.url, live.code, { role: 'facilitator', name: 'T', key: live.facilitatorKey });
    const usa = await Player.join(s.url, live.code, { role: 'member', name: 'U', member: 'USA' });
    const deu = await Player.join(s.url, live.code, { role: 'member', name: 'D', member: 'DEU' });
    const obs = await Player.join(s.url, live.code, { role: 'observer', name: 'Projector' });
    await f.must('start');
    await f.must('advance'); // pledging: sealed
    await obs.sees(await f.must('announce', { text: 'public one' }));
    await obs.until(() => obs.chat.length === 1, 'the first public line');
    const frames = obs.countFrames();
    const seq = obs.state.seq;
    await deu.must('chat', { to: ['USA'], text: 'private a' });
    await usa.must('chat', { to: ['DEU'], text: 'private b' });
    await deu.must('pledge', { amount: 300 });
    await usa.until(() => usa.chat.some((m) => m.text === 'private b'), 'the private lines');
    // A public line after them: the observer's next frames are that line and nothing else.
    await usa.must('chat', { text: 'public two' });
    await obs.until(() => obs.chat.length === 2, 'the second public line');
    expect(obs.chat.map((m) => [m.id, m.text])).toEqual([[1, 'public one'], [2, 'public two']]);
    expect(usa.chat.filter((m) => m.to.length > 0).map((m) => [m.id, m.text])).toEqual([[1, 'private a'], [2, 'private b']]);
    expect(frames()).toBe(1);
    expect(obs.state.seq).toBe(seq);
    for (const p of [f, usa, deu, obs]) await p.leave();
  });

  it('records no repeated vote or pledge, and limits recorded actions per seat and phase', async () => {
    const live = await createSession(s.url, { scenario: 'quick-demo', seed: 5 });
    const f = await Player.join(s.url, live.code, { role: 'facilitator', name: 'T', key: live.facilitatorKey });
    const deu = await Player.join(s.url, live.code, { role: 'member', name: 'D', member: 'DEU' });
    await f.must('start');
    await f.must('advance'); // pledging
    const first = await deu.must('pledge', { amount: 100 });
    for (let i = 0; i < 4; i++) expect(await deu.must('pledge', { amount: 100 })).toBe(first);
    const log = async () => (await http<{ entries: unknown[] }>(s.url, `/api/sessions/${live.code}/export`, { headers: { 'x-facilitator-key': live.facilitatorKey } })).body.entries.length;
    const logged = await log();
    await deu.must('pledge', { amount: 100 });
    expect(await log()).toBe(logged);
    // ACTION_BUDGET=6 recorded moves this phase (the first pledge was one).
    for (let amount = 101; amount < 106; amount++) await deu.must('pledge', { amount });
    expect(await deu.act('pledge', { amount: 200 })).toMatchObject({ ok: false, code: 'action/budget' });
    expect(await log()).toBe(logged + 5);
    await f.must('advance');
    await f.must('advance'); // negotiation: a new phase, a new budget, and pledges may rise
    expect(await deu.act('pledge', { amount: 400 })).toMatchObject({ ok: true });
    for (const p of [f, deu]) await p.leave();
  });

  it('answers undecodable requests with a typed reply, and authorization before the payload', async () => {
    const live = await createSession(s.url);
    const f = await Player.join(s.url, live.code, { role: 'facilitator', name: 'T', key: live.facilitatorKey });
    const deu = await Player.join(s.url, live.code, { role: 'member', name: 'D', member: 'DEU' });
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const deepBytes = (() => {
      try {
        return pack(deep);
      } catch {
        return Buffer.concat([Buffer.alloc(10_000, 0x91), Buffer.of(1)]); // 10,000 nested one-element arrays
      }
    })();
    const bodies: Record<string, Uint8Array> = {
      deep: deepBytes.subarray(0, 12_000),
      extension: Uint8Array.of(0xd4, 99, 0), // fixext 1 of an unknown type 99
      trailing: Buffer.concat([pack({ amount: 1 }), Uint8Array.of(1, 2, 3)]),
      truncated: Uint8Array.of(0x82, 0xa6),
    };
    for (const [what, body] of Object.entries(bodies)) {
      const reply = await rawRequest(deu, 'pledge', body);
      expect(reply, what).toMatchObject({ ok: false, code: 'request/undecodable' });
      expect(JSON.stringify(reply), what).not.toMatch(/at |Error:|amount/);
    }
    expect(deu.closed).toBeNull();
    // A delegate's `end` learns only that it is not allowed, whatever its payload.
    expect(await deu.act('end', { reason: '' })).toMatchObject({ ok: false, code: 'actor/not_facilitator' });
    expect(await deu.act('end', 'garbage')).toMatchObject({ ok: false, code: 'actor/not_facilitator' });
    expect(await f.act('end', { reason: 'no' })).toMatchObject({ ok: false, code: 'action/invalid', field: 'reason' });
    for (const p of [f, deu]) await p.leave();
  });

  it('refuses hidden, reordering and reserved names, and control characters in chat', async () => {
    const live = await createSession(s.url);
    const refused = ['A\u0085B', 'A\u009bB', 'evil\u202Egnp.exe', 'A\u2066B', 'zero\u200Bwidth', '\u3164', 'A\u2028B', `Z${'\u0301'.repeat(12)}`, 'Facilitator', 'the facilitator', 'Animatrice', 'ADMIN'];
    for (const name of refused) {
      const e = await sdkError(() => new Client(s.url).joinById(live.code, { protocol: 1, role: 'member', name })).catch(() => ({ code: 0, message: `accepted ${JSON.stringify(name)}` }));
      expect(e.code, e.message).toBe(JOIN_ERRORS['join/invalid']);
    }
    const ok = await Player.join(s.url, live.code, { role: 'member', name: '  Zoë   👩‍🏫  Ng ' });
    expect(ok.welcome!.seat.name).toBe('Zoë 👩‍🏫 Ng');
    for (const text of ['nul\u0000here', 'ansi \u001b[31mred', 'flip \u202Eevil', 'c1 \u0085']) {
      expect(await ok.act('chat', { text }), JSON.stringify(text)).toMatchObject({ ok: false, code: 'action/invalid', field: 'text' });
    }
    await ok.must('chat', { text: `line\u2028two\n\n\n\nthree ${'e\u0301\u0301\u0301\u0301\u0301\u0301\u0301'}` });
    await ok.until(() => ok.chat.length === 1, 'the line');
    expect(ok.chat[0]!.text).toBe(`line\ntwo\n\nthree \u00e9${'\u0301'.repeat(4)}`); // NFC, then at most 4 marks
    await ok.leave();
  });

  it('counts only the sessions made against SESSION_RATE_LIMIT', async () => {
    for (let i = 0; i < 40; i++) expect((await call(s, 'POST', '/api/sessions', { scenario: 'nope' }, '127.0.2.1')).status).toBe(404);
    expect((await call(s, 'POST', '/api/sessions', { scenario: 'quick-demo' }, '127.0.2.1')).status).toBe(201);
  });
});

describe('a second room for a live session', () => {
  it('is never created, and the live room keeps its listing', async () => {
    const s = await serve({ JOIN_FAILURE_LIMIT: '500/60' });
    try {
      const live = await createSession(s.url);
      for (let i = 0; i < 20; i++) expect((await call(s, 'POST', '/matchmake/create/game', { code: live.code })).status).toBe(403);
      const empty = await call(s, 'POST', '/matchmake/create/game', {});
      expect(empty.status).toBe(403);
      expect(JSON.stringify(empty.body)).not.toMatch(/sqlite|binding/i);
      expect((await http<{ sessions: number }>(s.url, '/api/health')).body.sessions).toBe(1);
      expect((await http(s.url, `/api/sessions/${live.code}`)).status).toBe(200);
    } finally {
      stop(s);
    }
  });
});

let nextRequest = 0;

/** A request frame with an arbitrary body, answered like `room.request`. */
async function rawRequest(p: Player, type: string, body: Uint8Array): Promise<Reply> {
  const ROOM_REQUEST = 21;
  const ROOM_RESPONSE = 22;
  const id = 100 + (nextRequest++ % 100);
  const ws = (p.room.connection.transport as unknown as { ws: WebSocket }).ws;
  const name = Buffer.from(type);
  const answer = new Promise<Reply>((done) => {
    const listen = (ev: MessageEvent) => {
      const bytes = new Uint8Array(ev.data as ArrayBuffer);
      if (bytes[0] !== ROOM_RESPONSE || bytes[1] !== id) return;
      ws.removeEventListener('message', listen);
      void import('msgpackr').then(({ unpack }) => done(unpack(bytes.subarray(3)) as Reply));
    };
    ws.addEventListener('message', listen);
  });
  ws.send(Uint8Array.from([ROOM_REQUEST, id, 0xa0 | name.length, ...name, ...body]));
  return answer;
}
