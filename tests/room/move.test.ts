import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Player, createSession, startTestServer, type TestServer } from './harness.ts';

/**
 * The facilitator moves a player to another seat (issue "Phaser client", console: "seats … move"):
 * the player keeps its connection and token, gets a new welcome, and from then on sees exactly
 * what the new member may see — never again the old member's objective, sealed pledge or private
 * chat — and acts as the new member. A bot at the destination gives way to the moved human.
 */

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  await ts.stop();
});

describe('moving a player to another seat', () => {
  it('swaps the seat, its secrets, its chat and its actions; the token rejoins at the new seat', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 7, options: { sealedPledges: true } });
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const dana = await Player.join(ts.url, s.code, { role: 'member', name: 'Dana', member: 'DEU' }, 'Dana');
    const fred = await Player.join(ts.url, s.code, { role: 'member', name: 'Fred', member: 'FRA' }, 'Fred');
    const player = dana.welcome!.seat.player;
    await fred.must('chat', { to: ['DEU'], text: 'for Germany only' });
    await fred.must('chat', { to: ['POL'], text: 'for Poland only' });
    await f.must('start');
    await f.must('advance'); // pledging
    await dana.must('pledge', { amount: 300 });
    await dana.until(() => dana.state.members.DEU.sealedAmount === 300, 'own sealed pledge');
    const deuObjective = f.state.members.DEU.objective as string;
    const polObjective = f.state.members.POL.objective as string;
    expect(dana.state.members.DEU.objective).toBe(deuObjective);

    const seq = await f.must('move', { player, member: 'POL' });
    await dana.until(() => dana.welcomes === 2, 'a new welcome');
    expect(dana.welcome!.seat).toMatchObject({ player, role: 'member', member: 'POL', name: 'Dana' });
    expect(dana.welcome!.token).toBe(dana.token);
    await dana.sees(seq);
    await dana.until(() => dana.state.members.POL.objective === polObjective, 'the new objective');
    expect(dana.state.members.DEU.objective).toBeUndefined();
    expect(dana.state.members.DEU.sealedAmount).toBeUndefined();
    expect(dana.chat.map((m) => m.text)).toContain('for Poland only');
    expect(dana.chat.map((m) => m.text)).not.toContain('for Germany only');
    await dana.until(() => dana.legal.some((l) => l.type === 'pledge'), 'Poland may pledge');
    await f.until(() => f.state.players[player]?.member === 'POL', 'the players map');
    expect(f.state.members.POL.seat).toBe('human');
    // Germany's pledge stays Germany's; Dana now pledges for Poland.
    expect(f.state.members.DEU.sealedAmount).toBe(300);
    await dana.must('pledge', { amount: 200 });
    await f.until(() => f.state.members.POL.sealedAmount === 200, 'Poland pledged');
    expect(f.state.members.DEU.sealedAmount).toBe(300);
    // The other players were not disturbed.
    expect(fred.welcomes).toBe(1);
    expect(fred.state.members.POL.objective).toBeUndefined();

    // The move is one log entry (R1.7): the log alone says Dana sits at Poland.
    const entries = await ts.server.services.store.entries(s.code);
    expect(entries.filter((e) => e.action.type === 'seat').map((e) => [e.actor.kind, e.action])).toEqual([
      ['system', { type: 'seat', player, member: 'DEU' }], // Dana's claim on joining
      ['system', { type: 'seat', player: fred.welcome!.seat.player, member: 'FRA' }],
      ['facilitator', { type: 'seat', player, member: 'POL' }],
    ]);
    // The seat record moved in the store: the same token rejoins at Poland.
    const token = dana.token;
    await dana.leave();
    const back = await Player.join(ts.url, s.code, { token } as never, 'Dana again');
    expect(back.welcome!.seat).toMatchObject({ player, member: 'POL' });
    expect(back.state.members.POL.objective).toBe(polObjective);
    expect(back.state.members.DEU.objective).toBeUndefined();
    for (const p of [f, fred, back]) await p.leave();
  });

  it('seats an observer at a bot’s member state: the bot gives way, logged as the facilitator’s', async () => {
    const s = await createSession(ts.url);
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const olga = await Player.join(ts.url, s.code, { role: 'observer', name: 'Olga' }, 'Olga');
    await f.must('assignSeat', { member: 'CAN', controller: 'bot', profile: 'hawk' });
    expect(olga.legal).toEqual([]);

    const seq = await f.must('move', { player: olga.welcome!.seat.player, member: 'CAN' });
    await olga.until(() => olga.welcomes === 2, 'a new welcome');
    expect(olga.welcome!.seat).toMatchObject({ role: 'member', member: 'CAN', name: 'Olga' });
    await olga.sees(seq);
    expect(olga.state.members.CAN.seat).toBe('human');
    await olga.until(() => typeof olga.state.members.CAN.objective === 'string' && olga.state.members.CAN.objective !== '', 'Canada’s objective');
    await olga.must('chat', { text: 'Canada is here.' });
    await f.until(() => f.chat.some((m) => m.text === 'Canada is here.' && m.from === 'CAN'), 'chat as Canada');

    const log = await ts.server.services.store.entries(s.code);
    expect(log.map((e) => [e.actor.kind, e.action.type])).toEqual([
      ['facilitator', 'assignSeat'], // the bot
      ['facilitator', 'seat'], // the move, one entry (R1.7): Olga sits at CAN and the bot gives way
      ['member', 'chat'],
    ]);
    expect(log[1]!.action).toEqual({ type: 'seat', player: olga.welcome!.seat.player, member: 'CAN' });
    for (const p of [f, olga]) await p.leave();
  });
});
