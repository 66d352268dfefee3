import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pack } from 'msgpackr';
import { Rng } from '@aspf/shared';
import { CLOSE_CODES } from '@aspf/shared/protocol';
import { Player, createSession, http, sleep, startTestServer, type TestServer } from './harness.ts';

/**
 * No input can stop the process: bursts of malformed frames, floods past the message rate, frames
 * past the payload limit. The offender is disconnected; everyone else plays on.
 */

const ROOM_DATA = 13;
const ROOM_REQUEST = 21;
const ROOM_DATA_BYTES = 17;

let ts: TestServer;
beforeAll(async () => {
  ts = await startTestServer({ maxMessagesPerSecond: 20, maxPayloadBytes: 16_384 });
});
afterAll(async () => {
  await ts.stop();
});

/** A frame: protocol byte, (request id), type name as a schema string, then an arbitrary body. */
function frame(code: number, type: string, body: Uint8Array, requestId?: number): Uint8Array {
  const name = Buffer.from(type, 'utf8');
  const head = code === ROOM_REQUEST ? [code, requestId ?? 1, 0xa0 | name.length] : [code, 0xa0 | name.length];
  return Uint8Array.from([...head, ...name, ...body]);
}

function garbage(rng: Rng, n: number): Uint8Array {
  return Uint8Array.from({ length: n }, () => rng.int(256));
}

describe('malformed input', () => {
  it('survives a seeded burst of malformed frames from many connections', async () => {
    const s = await createSession(ts.url);
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const honest = await Player.join(ts.url, s.code, { role: 'member', name: 'Honest', member: 'DEU' }, 'honest');
    await f.must('start');
    await f.must('advance'); // pledging
    const before = f.state.seq;

    const rng = new Rng(20261121);
    const attackers = await Promise.all(Array.from({ length: 8 }, (_, i) => Player.join(ts.url, s.code, { role: 'observer', name: `Mallory ${i}` }, `mallory ${i}`)));
    const frames: Uint8Array[] = [
      Uint8Array.of(),
      Uint8Array.of(255),
      Uint8Array.of(ROOM_DATA),
      Uint8Array.of(ROOM_REQUEST, 0xff, 0xff, 0xff),
      frame(ROOM_REQUEST, 'pledge', Uint8Array.of(0xc1)), // msgpack's never-used byte
      frame(ROOM_REQUEST, 'pledge', pack({ amount: { $gt: 0 } })),
      frame(ROOM_REQUEST, 'pledge', pack({ amount: 1e308 * 10 })),
      frame(ROOM_REQUEST, 'chat', pack({ text: 'x'.repeat(5000) })),
      frame(ROOM_REQUEST, '__proto__', pack({})),
      frame(ROOM_REQUEST, 'constructor', pack(null)),
      frame(ROOM_REQUEST, 'vote', pack([1, 2, 3])),
      frame(ROOM_DATA, 'pledge', pack({ amount: 'NaN' })),
      frame(ROOM_DATA, 'no-such-message', pack({})),
      frame(ROOM_DATA_BYTES, 'pledge', garbage(rng, 32)),
    ];
    for (let i = 0; i < 40; i++) frames.push(garbage(rng, 1 + rng.int(300)));
    for (let i = 0; i < 20; i++) frames.push(frame(ROOM_REQUEST, ['pledge', 'vote', 'chat', 'start', 'kick', 'move'][rng.int(6)]!, garbage(rng, rng.int(64)), rng.int(100)));

    // Each attacker sends its share (staying under the message rate, so the frames are parsed).
    await Promise.all(attackers.map(async (a, i) => {
      for (const [j, bytes] of frames.entries()) {
        if (j % attackers.length !== i || a.closed !== null) continue;
        try {
          a.room.connection.send(bytes);
        } catch {
          break;
        }
        await sleep(60);
      }
    }));
    await sleep(300);

    // The server and the honest players are unaffected; nothing reached the game.
    expect((await http<{ ok: boolean }>(ts.url, '/api/health')).body.ok).toBe(true);
    expect(f.state.seq).toBe(before);
    expect(honest.closed).toBeNull();
    const seq = await honest.must('pledge', { amount: 500 });
    await f.sees(seq);
    expect(f.state.members.DEU.pledge.amount).toBe(500);
    const late = await Player.join(ts.url, s.code, { role: 'observer', name: 'Late' }, 'late');
    expect(late.state.phase).toBe('pledging');
    for (const p of [f, honest, late, ...attackers]) await p.leave();
  });

  it('disconnects a client that floods past the message rate, and only that client', async () => {
    const s = await createSession(ts.url);
    const f = await Player.join(ts.url, s.code, { role: 'facilitator', name: 'T', key: s.facilitatorKey }, 'facilitator');
    const flooder = await Player.join(ts.url, s.code, { role: 'member', name: 'Flood', member: 'FRA' }, 'flooder');
    flooder.room.reconnection.enabled = false;
    const replies = Array.from({ length: 60 }, () => flooder.act('chat', { text: 'spam' }).catch((e: Error) => e));
    await Promise.all(replies);
    await flooder.until(() => flooder.closed !== null, 'flooder cut off');
    expect(flooder.closed).toBe(CLOSE_CODES.withError);
    expect(f.closed).toBeNull();
    await f.must('announce', { text: 'still here' });
    await f.leave();
  });

  it('closes a connection that sends a frame past the payload limit', async () => {
    const s = await createSession(ts.url);
    const big = await Player.join(ts.url, s.code, { role: 'observer', name: 'Big' }, 'big');
    big.room.reconnection.enabled = false;
    big.room.connection.send(frame(ROOM_REQUEST, 'chat', pack({ text: 'y'.repeat(40_000) })));
    await big.until(() => big.closed !== null, 'closed for size');
    expect(big.closed).toBe(1009); // "message too big"
    expect((await http<{ ok: boolean }>(ts.url, '/api/health')).body.ok).toBe(true);
  });
});
