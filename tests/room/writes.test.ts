import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import type { Client } from '@colyseus/core';
import { describe, expect, it } from 'vitest';
import { holdWrites } from '../../server/src/room/writes.ts';

/**
 * Write coalescing (server/src/room/writes.ts): while the room sends the frames of one action, each
 * client's socket is corked; at the end of the event-loop turn it is uncorked, and the frames leave
 * in order, together.
 */
const tick = () => new Promise((done) => setImmediate(done));

describe('holdWrites', () => {
  it('holds a burst of writes until the end of the loop turn, then sends them in order', async () => {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[Socket]>;
    const receiver = connect((server.address() as AddressInfo).port, '127.0.0.1');
    const [sender] = await accepted;
    let received = '';
    receiver.on('data', (d: Buffer) => (received += d.toString()));

    // A Colyseus WebSocket client keeps its ws socket in `ref`, and ws its net.Socket in `_socket`.
    const client = { ref: { _socket: sender } } as unknown as Client;
    holdWrites([client]);
    holdWrites([client]); // a second burst in the same turn does not cork twice
    expect(sender.writableCorked).toBe(1);
    sender.write('patch|');
    sender.write('chat|');
    sender.write('reply');
    expect(sender.writableLength).toBe('patch|chat|reply'.length); // still held in the process

    await tick();
    expect(sender.writableCorked).toBe(0);
    const deadline = Date.now() + 5000;
    while (received.length < 16 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 5));
    expect(received).toBe('patch|chat|reply');

    // A client without a socket (another transport) is left alone.
    expect(() => holdWrites([{ ref: {} } as unknown as Client])).not.toThrow();
    receiver.destroy();
    sender.destroy();
    server.close();
  });
});
