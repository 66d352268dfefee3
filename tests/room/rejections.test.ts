import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { CHAT_BURST, JOIN_ERRORS, PROTOCOL_VERSION } from '@aspf/shared/protocol';
import type { LogEntry } from '@aspf/shared';
import { SqliteSessionStore } from '../../server/src/store/sqlite-store.ts';
import { Player, createSession, refusedJoin, startTestServer, type TestServer } from './harness.ts';

/**
 * Every way the room says no: refused joins (with their codes) and refused requests, each answered
 * to the sender only, with the state unchanged and nothing logged.
 */

/** A store whose next append fails, as a full disk would. */
class FlakyStore extends SqliteSessionStore {
  failNext = false;
  override async append(code: string, entry: LogEntry): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('disk full');
    }
    return super.append(code, entry);
  }
}

let ts: TestServer;
let store: FlakyStore;
beforeAll(async () => {
  ts = await startTestServer({ maxMessagesPerSecond: 1000 }, (dir) => (store = new FlakyStore(dir)));
});
afterAll(async () => {
  await ts.stop();
});

const token = () => randomBytes(16).toString('base64url');

describe('refused joins', () => {
  it('answers each bad join with its code and keeps the room open', async () => {
    const s = await createSession(ts.url);
    const other = await createSession(ts.url);
    const join = (options: Record<string, unknown>) => refusedJoin(ts.url, s.code, options);
    const p = PROTOCOL_VERSION;

    const cases: [Record<string, unknown>, keyof typeof JOIN_ERRORS, RegExp][] = [
      [{ protocol: p, role: 'member' }, 'join/invalid', /name/],
      [{ protocol: p, role: 'member', name: 'A', member: 'DEU', extra: 1 }, 'join/invalid', /extra|Unrecognized/i],
      [{ protocol: p, role: 'member', name: 'x'.repeat(41) }, 'join/invalid', /name/],
      [{ protocol: p, role: 'member', name: 'bell\u0007' }, 'join/invalid', /control/],
      [{ protocol: p, role: 'pilot', name: 'A' }, 'join/invalid', /role/],
      [{ protocol: p + 1, role: 'observer' }, 'join/protocol_mismatch', /protocol/],
      [{ protocol: p, role: 'facilitator', name: 'T', key: token() }, 'join/bad_key', /key/],
      [{ protocol: p, role: 'facilitator', name: 'T', key: other.facilitatorKey }, 'join/bad_key', /key/],
      [{ protocol: p, role: 'facilitator', name: 'T', key: 'short' }, 'join/invalid', /key/],
      [{ protocol: p, token: token() }, 'join/unknown_token', /seat/],
      [{ protocol: p, token: 'not a token' }, 'join/invalid', /token/],
      [{ protocol: p, role: 'member', name: 'A', member: 'XYZ' }, 'join/unknown_member', /XYZ/],
      [{ protocol: p, role: 'member', name: 'A', member: 'deu' }, 'join/invalid', /member/],
    ];
    for (const [options, code, text] of cases) {
      const refused = await join(options);
      expect(refused.code, JSON.stringify(options)).toBe(JOIN_ERRORS[code]);
      expect(refused.message.startsWith(`${code}: `), refused.message).toBe(true);
      expect(refused.message).toMatch(text);
    }

    // A seat token works only for its own session.
    const elsewhere = await Player.join(ts.url, other.code, { role: 'observer' });
    expect((await join({ protocol: p, token: elsewhere.token })).code).toBe(JOIN_ERRORS['join/unknown_token']);

    // Bot seats: a chosen one is refused; with every seat a bot, a member joiner watches as an observer.
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey });
    for (const member of ['USA', 'DEU', 'FRA', 'POL', 'CAN']) await f.must('assignSeat', { member, controller: 'bot', profile: 'steady' });
    expect((await join({ protocol: p, role: 'member', name: 'A', member: 'DEU' })).code).toBe(JOIN_ERRORS['join/seat_is_bot']);
    const watcher = await Player.join(ts.url, s.code, { role: 'member', name: 'A' });
    expect(watcher.welcome!.seat).toMatchObject({ role: 'observer', member: null, request: null });
    await watcher.leave();

    // The room is still fine.
    const observer = await Player.join(ts.url, s.code, { role: 'observer', name: 'Still here' });
    expect(observer.state.phase).toBe('lobby');
    for (const x of [f, observer, elsewhere]) await x.leave();
  });
});

describe('refused requests', () => {
  it('answers the sender only, leaves the state and the log unchanged', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 3 });
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const deu = await Player.join(ts.url, s.code, { role: 'member', name: 'D', member: 'DEU' }, 'DEU');
    const usa = await Player.join(ts.url, s.code, { role: 'member', name: 'U', member: 'USA' }, 'USA');
    const obs = await Player.join(ts.url, s.code, { role: 'observer' }, 'observer');
    const everyone = [f, deu, usa, obs];
    const frames = [f, usa, obs].map((p) => p.countFrames());

    const refusals: [Player, string, unknown, string, string?][] = [
      // before the start
      [deu, 'pledge', { amount: 100 }, 'game/not_started'],
      [deu, 'start', undefined, 'actor/not_facilitator'],
      [obs, 'pledge', { amount: 100 }, 'actor/not_member'],
      [obs, 'chat', { text: 'hello' }, 'actor/not_member'],
      [obs, 'advance', undefined, 'actor/not_facilitator'],
      [f, 'pledge', { amount: 100 }, 'actor/not_member'],
      [f, 'advance', undefined, 'game/not_started'],
      [f, 'resume', undefined, 'phase/not_paused'],
      // schema violations: unknown keys, wrong types, NaN, out of bounds, too long
      [deu, 'pledge', { amount: 100, member: 'FRA' }, 'action/invalid'],
      [deu, 'pledge', { amount: 'lots' }, 'action/invalid', 'amount'],
      [deu, 'pledge', { amount: Number.NaN }, 'action/invalid', 'amount'],
      [deu, 'pledge', { amount: 1.5 }, 'action/invalid', 'amount'],
      [deu, 'pledge', { amount: -1 }, 'action/invalid', 'amount'],
      [deu, 'pledge', { amount: 1e12 }, 'action/invalid', 'amount'],
      [deu, 'pledge', 'give me money', 'action/invalid'],
      [deu, 'vote', { proposal: 'p1', choice: 'maybe' }, 'action/invalid', 'choice'],
      [deu, 'chat', { text: 'x'.repeat(501) }, 'action/invalid', 'text'],
      [deu, 'chat', { text: '   ' }, 'action/invalid', 'text'],
      [deu, 'chat', { to: ['FRA', 42], text: 'hi' }, 'action/invalid', 'to.1'],
      [deu, 'chat', { to: ['XYZ'], text: 'hi' }, 'member/unknown', 'to'],
      [deu, 'chat', { to: ['DEU'], text: 'hi' }, 'chat/self_only', 'to'],
      [f, 'extend', { seconds: 1 }, 'action/invalid', 'seconds'],
      [f, 'kick', { player: '../../etc' }, 'request/invalid', 'player'],
      [f, 'kick', { player: 'nobody' }, 'kick/unknown_player', 'player'],
      [deu, 'kick', { player: usa.welcome!.seat.player }, 'actor/not_facilitator'],
      [f, 'move', { player: '../x', member: 'FRA' }, 'request/invalid', 'player'],
      [f, 'move', { player: deu.welcome!.seat.player, member: 'fra' }, 'request/invalid', 'member'],
      [f, 'move', { player: 'nobody', member: 'FRA' }, 'move/unknown_player', 'player'],
      [f, 'move', { player: deu.welcome!.seat.player, member: 'ZZZ' }, 'move/unknown_member', 'member'],
      [f, 'move', { player: deu.welcome!.seat.player, member: 'DEU' }, 'move/same_seat', 'member'],
      [f, 'move', { player: f.welcome!.seat.player, member: 'FRA' }, 'move/not_movable', 'player'],
      [deu, 'move', { player: deu.welcome!.seat.player, member: 'FRA' }, 'actor/not_facilitator'],
      [f, 'assignSeat', { member: 'DEU', controller: 'bot' }, 'seat/occupied', 'member'],
      [f, 'freeSeat', { member: 'USA' }, 'seat/occupied', 'member'],
      [f, 'assignSeat', { member: 'ZZZ', controller: 'bot' }, 'member/unknown', 'member'],
      [f, 'inject', { event: 'no-such-event' }, 'inject/unknown_event', 'event'],
    ];

    const check = async () => {
      for (const [who, type, payload, code, field] of refusals) {
        const before = f.state.seq;
        const entries = (await store.entries(s.code)).length;
        const reply = await who.act(type as never, payload);
        expect(reply, `${who.label} ${type} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, code });
        if (!reply.ok) {
          expect(reply.message.length).toBeGreaterThan(5);
          if (field) expect(reply.field).toBe(field);
        }
        expect((await store.entries(s.code)).length).toBe(entries);
        expect(f.state.seq).toBe(before);
      }
    };
    await check();
    // A sentinel line after the refusals: once everyone has it, anything the refusals sent would have arrived.
    await f.must('announce', { text: 'sentinel' });
    for (const p of everyone) await p.until(() => p.chat.some((m) => m.text === 'sentinel'), 'the sentinel');
    // Each client received its own replies, the sentinel (and the facilitator its reply), nothing else.
    const own = (p: Player) => refusals.filter(([who]) => who === p).length;
    expect(frames.map((n) => n()), 'no other client heard of a refusal').toEqual([f, usa, obs].map((p) => own(p) + (p === f ? 2 : 1)));

    // In play: phase and rule rejections.
    await f.must('start');
    const phaseRefusals: [Player, string, unknown, string][] = [
      [f, 'start', undefined, 'phase/closed'],
      [deu, 'pledge', { amount: 100 }, 'phase/closed'],
      [deu, 'vote', { proposal: 'p1', choice: 'yes' }, 'phase/closed'],
    ];
    for (const [who, type, payload, code] of phaseRefusals) expect(await who.act(type as never, payload)).toMatchObject({ ok: false, code });
    await f.must('advance'); // pledging
    expect(await deu.act('pledge', { amount: 10_000_000 })).toMatchObject({ ok: false, code: 'pledge/over_budget', field: 'amount' });
    expect(await deu.act('pledge', { amount: 100, condition: { kind: 'match', member: 'DEU' } })).toMatchObject({ ok: false, code: 'pledge/self_condition' });
    await f.must('pause');
    expect(await deu.act('pledge', { amount: 100 })).toMatchObject({ ok: false, code: 'phase/paused' });
    expect(await f.act('pause')).toMatchObject({ ok: false, code: 'phase/paused' });
    await f.must('resume');
    await f.must('advance'); // proposals
    expect(await deu.act('propose', { project: 'no-such-project', channel: 'fund' })).toMatchObject({ ok: false, code: 'propose/unknown_project' });
    await deu.must('propose', { project: 'baltic-cyber-shield', channel: 'fund' });
    expect(await usa.act('propose', { project: 'baltic-cyber-shield', channel: 'fund' })).toMatchObject({ ok: false, code: 'propose/already_on_table' });
    expect(await usa.act('withdraw', { proposal: 'p1' })).toMatchObject({ ok: false, code: 'proposal/not_lead' });
    expect(await deu.act('cosponsor', { proposal: 'p1' })).toMatchObject({ ok: false, code: 'cosponsor/is_lead' });
    expect(await deu.act('amend', { proposal: 'p1', cost: 1 })).toMatchObject({ ok: false, code: 'amend/cost_out_of_range' });
    expect(await deu.act('withdraw', { proposal: 'p9' })).toMatchObject({ ok: false, code: 'proposal/unknown' });
    await f.must('advance'); // negotiation
    await f.must('advance'); // voting
    expect(await usa.act('vote', { proposal: 'p1', choice: 'yes' })).toMatchObject({ ok: false, code: 'vote/not_eligible' });

    // Chat floods are cut by the room: at most CHAT_BURST messages per window.
    for (let i = 0; i < CHAT_BURST; i++) await deu.must('chat', { text: `message ${i}` });
    expect(await deu.act('chat', { text: 'one too many' })).toMatchObject({ ok: false, code: 'chat/rate_limited' });

    // A store failure: nothing changes, the client is told, and the next try works.
    const before = f.state.seq;
    store.failNext = true;
    expect(await deu.act('vote', { proposal: 'p1', choice: 'yes' })).toMatchObject({ ok: false, code: 'server/error' });
    // The next vote is the first change the facilitator sees after the failed one.
    const next = await deu.must('vote', { proposal: 'p1', choice: 'yes' });
    expect(next).toBe(before + 1);
    await f.sees(next);
    expect(f.state.proposals.p1.votes.DEU).toBe('yes');

    // An unknown request type is answered with an error by Colyseus; the connection stays.
    await expect(deu.room.request('teleport', {})).rejects.toMatchObject({ name: 'no_handler' });
    expect(deu.closed).toBeNull();

    // Kicked: the seat token stops working.
    const kicked = usa.welcome!.seat.player;
    await f.must('kick', { player: kicked });
    await usa.until(() => usa.closed !== null, 'kick');
    expect(usa.closed).toBe(4403);
    expect((await refusedJoin(ts.url, s.code, { protocol: PROTOCOL_VERSION, token: usa.token })).code).toBe(JOIN_ERRORS['join/unknown_token']);
    await f.until(() => f.state.players[kicked] === undefined, 'kicked player gone from the table');

    // After the end, only announcements.
    await f.must('end', { reason: 'time is up' });
    expect(await f.act('advance')).toMatchObject({ ok: false, code: 'game/ended' });
    expect(await f.act('move', { player: deu.welcome!.seat.player, member: 'FRA' })).toMatchObject({ ok: false, code: 'game/ended' });
    expect(await deu.act('vote', { proposal: 'p1', choice: 'no' })).toMatchObject({ ok: false, code: 'game/ended' });
    for (const p of everyone) await p.leave();
  });
});
