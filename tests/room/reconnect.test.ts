import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@aspf/shared/protocol';
import { Player, createSession, startTestServer, type TestServer } from './harness.ts';

/**
 * Dropped sockets and page reloads: the seat is held, the client returns to it (same seat, same
 * secrets, the chat it missed), a seat whose humans are gone goes to a bot, and comes back.
 */

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

/** Cuts a client's socket from the server side, as a network failure would (close 1006). */
function cutSocket(code: string, player: Player): void {
  const room = ts.server.services.registry.get(code)!;
  const client = room.clients.find((c) => c.sessionId === player.room.sessionId)!;
  (client as unknown as { ref: { terminate(): void } }).ref.terminate();
}

/** Closes a client's socket from its side and forgets it, as a page reload does. */
function reloadPage(player: Player): void {
  player.room.reconnection.enabled = false;
  player.room.connection.close(1000, 'page reload');
}

describe('drops and reloads', () => {
  it('reconnects a dropped socket to the same seat and replays the chat it missed', async () => {
    const s = await createSession(ts.url);
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const deu = await Player.join(ts.url, s.code, { role: 'member', name: 'Dana', member: 'DEU' }, 'DEU');
    const fra = await Player.join(ts.url, s.code, { role: 'member', name: 'Fred', member: 'FRA' }, 'FRA');
    const objective = deu.state.members.DEU.objective as string;
    const sessionId = deu.room.sessionId;
    const statuses: string[] = [];
    f.room.onStateChange(() => {
      const status = f.state.players[deu.welcome!.seat.player]?.status as string;
      if (statuses.at(-1) !== status) statuses.push(status);
    });

    deu.room.reconnection.delay = 400; // stay away long enough to be seen away
    deu.room.reconnection.minDelay = 400;
    cutSocket(s.code, deu);
    await f.until(() => statuses.includes('away'), 'DEU away');
    await fra.must('chat', { to: ['DEU'], text: 'Are you there?' });
    await deu.until(() => deu.welcomes === 2, 'second welcome');
    await f.until(() => statuses.at(-1) === 'online', 'DEU back online');
    expect(statuses).toEqual(expect.arrayContaining(['online', 'away']));
    expect(deu.room.sessionId).toBe(sessionId);
    expect(deu.welcome!.seat).toMatchObject({ member: 'DEU', name: 'Dana' });
    expect(deu.chat.map((c) => c.text)).toContain('Are you there?');
    expect(deu.state.members.DEU.objective).toBe(objective);
    expect(deu.state.members.FRA.objective).toBeUndefined();
    await deu.must('chat', { text: 'Back again.' });
    for (const p of [f, deu, fra]) await p.leave();
  });

  it('takes a reloaded page back to its seat with the stored token, without retyping anything', async () => {
    const s = await createSession(ts.url);
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const pol = await Player.join(ts.url, s.code, { role: 'member', name: 'Piotr' }, 'POL?');
    // No member chosen: the first open seat in the scenario's order.
    expect(pol.member).toBe('USA');
    const seat = pol.welcome!.seat;
    const objective = pol.state.members.USA.objective as string;
    await f.must('start');

    reloadPage(pol);
    await f.until(() => f.state.players[seat.player]?.status === 'away', 'away after reload');
    const again = await Player.join(ts.url, s.code, { token: pol.token }, 'reloaded');
    expect(again.welcome!.seat).toEqual(seat);
    expect(again.welcome!.token).toBe(pol.token);
    expect(again.state.members.USA.objective).toBe(objective);
    // The held connection is released at once: one player, online, one human at the seat.
    await f.until(() => f.state.players[seat.player]?.status === 'online' && f.state.members.USA.online === 1, 'online again');
    expect(Object.keys(f.state.players)).toHaveLength(2);

    // A second tab with the same token is the same delegation.
    const tab = await Player.join(ts.url, s.code, { token: pol.token }, 'second tab');
    await f.until(() => f.state.members.USA.online === 1 && Object.keys(f.state.players).length === 2, 'same player');
    expect(tab.state.members.USA.objective).toBe(objective);

    // Teams: two people may share a member state (the second with its team code); both see its secrets and may act.
    const mate = await Player.join(ts.url, s.code, { role: 'member', name: 'Mate', member: 'USA', teamCode: again.welcome!.teamCode! }, 'mate');
    expect(mate.state.members.USA.objective).toBe(objective);
    await f.until(() => f.state.members.USA.online === 2, 'two humans at USA');
    for (const p of [f, again, tab, mate]) await p.leave();
  });

  it('hands a seat whose humans are gone to a bot, and gives it back when they return', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 9, options: { seatHoldSeconds: 5 } });
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const can = await Player.join(ts.url, s.code, { role: 'member', name: 'Cam', member: 'CAN' }, 'CAN');
    const player = can.welcome!.seat.player;
    await f.must('start');
    await f.must('advance'); // pledging

    reloadPage(can);
    await f.until(() => f.state.players[player]?.status === 'away', 'away');
    // While the seat is held, the facilitator cannot give it away.
    expect(await f.act('assignSeat', { member: 'CAN', controller: 'bot', profile: 'hawk' })).toMatchObject({ ok: false, code: 'seat/occupied' });
    const heldAt = Date.now();
    await f.until(() => f.state.players[player]?.status === 'offline', 'offline after the hold', 10_000);
    expect(Date.now() - heldAt).toBeGreaterThan(3_000);
    expect(f.state.members.CAN.online).toBe(0);

    await f.must('assignSeat', { member: 'CAN', controller: 'bot', profile: 'hawk' });
    expect(f.state.members.CAN.seat).toBe('bot');
    // The bot pledges for Canada through the same path (fast pacing in tests).
    await f.until(() => (f.state.members.CAN.pledge?.amount ?? 0) > 0, 'the bot pledges');

    // The human comes back with the token and takes the seat back.
    const back = await Player.join(ts.url, s.code, { protocol: PROTOCOL_VERSION, token: can.token }, 'CAN back');
    await f.until(() => f.state.members.CAN.seat === 'human' && f.state.members.CAN.online === 1, 'seat back to the human');
    await f.sees(await back.must('pledge', { amount: 1000 }));
    expect(f.state.members.CAN.pledge.amount).toBe(1000);
    for (const p of [f, back]) await p.leave();
  });
});
