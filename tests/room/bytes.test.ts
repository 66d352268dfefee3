import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Player} from './harness.ts';
import { createSession, sleep, startTestServer, type TestServer } from './harness.ts';
import { countBytes } from '../support/wire-bytes.ts';

/**
 * Bytes on the wire (issue 6 targets): joining a Quick-demo session costs at most 4 KB, and a vote
 * costs every other client at most 24 B. Counted at the client's WebSocket, as a browser would.
 */

const { received, join, restore } = countBytes();

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer();
});
afterAll(async () => {
  restore();
  await ts.stop();
});

describe('bytes on the wire', () => {
  it('keeps a join under 4 KB and a vote under 24 B per other client; a chat line sends no patch', async () => {
    const s = await createSession(ts.url, { scenario: 'quick-demo', seed: 3 });
    const f = await join(ts.url, s.code, { role: 'facilitator', name: 'Teacher', key: s.facilitatorKey }, 'facilitator');
    const ids = ['USA', 'DEU', 'FRA', 'POL', 'CAN'];
    const players: Player[] = [];
    for (const id of ids) players.push(await join(ts.url, s.code, { role: 'member', name: `Team ${id}`, member: id }, id));
    const obs = await join(ts.url, s.code, { role: 'observer', name: 'Projector' }, 'observer');
    await sleep(100);
    expect(received.get('observer')!).toBeLessThanOrEqual(4096);
    expect(received.get('DEU')!).toBeLessThanOrEqual(4096);

    await f.must('start');
    await f.must('advance');
    for (const p of players.slice(1)) await p.must('pledge', { amount: 1000 });
    await f.must('advance');
    await players[1]!.must('propose', { project: 'baltic-cyber-shield', channel: 'fund' });
    await f.must('advance');
    await f.must('advance');
    await sleep(200);
    received.clear();
    const seq = await players[2]!.must('vote', { proposal: 'p1', choice: 'yes' });
    for (const p of [f, obs, ...players]) await p.sees(seq);
    await sleep(100);
    for (const label of ['facilitator', 'observer', 'USA', 'DEU', 'POL', 'CAN']) {
      expect(received.get(label), label).toBeGreaterThan(0);
      expect(received.get(label), label).toBeLessThanOrEqual(24);
    }

    // A chat line changes nothing on the table: every client gets the line and no state patch.
    const patches = new Map<Player, number>();
    for (const p of [f, obs, ...players]) {
      patches.set(p, 0);
      p.room.onStateChange(() => patches.set(p, patches.get(p)! + 1));
    }
    const tableSeq = f.state.seq as number;
    const said = await players[0]!.must('chat', { text: 'Only words.' });
    expect(said).toBe(tableSeq); // a chat line does not move the public table's seq
    for (const p of [f, obs, ...players]) await p.until(() => p.chat.some((m) => m.text === 'Only words.'), 'the chat line');
    await sleep(100);
    for (const p of [f, obs, ...players]) {
      expect(patches.get(p), p.label).toBe(0);
      expect(p.state.seq, p.label).toBe(tableSeq);
    }
    for (const p of [f, obs, ...players]) await p.leave();
  });
});
