import type { Client } from '@colyseus/core';
import type { Socket } from 'node:net';

/**
 * Write coalescing. One accepted action sends each client several WebSocket frames (the patch, a
 * chat line or events, new legal actions, the sender's reply), and each frame used to be its own
 * system call: socket writes were a third of the room's CPU in the capacity profile. While a burst
 * of sends is under way, each client's TCP socket is corked; once the event loop has finished the
 * current batch of I/O callbacks (`setImmediate`), every socket is uncorked and writes all its
 * frames in one `writev`. Frames keep their order, nothing is held past the current loop turn.
 *
 * This reads ws' `WebSocket#_socket` (the net.Socket underneath, stable across ws 7–8): a client on
 * a transport without it is simply not corked.
 */
const corked = new Set<Socket>();
let scheduled = false;

const socketOf = (client: Client): Socket | undefined => (client as unknown as { ref?: { _socket?: Socket } }).ref?._socket;

export function holdWrites(clients: Iterable<Client>): void {
  for (const client of clients) {
    const socket = socketOf(client);
    if (!socket || corked.has(socket) || socket.destroyed) continue;
    socket.cork();
    corked.add(socket);
  }
  if (scheduled || corked.size === 0) return;
  scheduled = true;
  setImmediate(releaseWrites);
}

function releaseWrites(): void {
  scheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}
