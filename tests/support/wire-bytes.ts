import { WebSocketTransport } from '@colyseus/sdk/transport/WebSocketTransport';
import { Player } from '../room/harness.ts';

/**
 * Counts the bytes each SDK client receives at its own WebSocket (every frame, handshake included),
 * as a browser would: the bytes test and `npm run bench` read the same counter.
 */
export interface ByteCounter {
  /** Bytes received so far, by the label a client joined with. */
  received: Map<string, number>;
  /** Joins a client whose frames are counted under `label`. */
  join(url: string, code: string, options: Parameters<typeof Player.join>[2], label: string): Promise<Player>;
  /** Puts the SDK's transport back as it was. */
  restore(): void;
}

export function countBytes(): ByteCounter {
  const received = new Map<string, number>();
  let current = '';
  const proto = WebSocketTransport.prototype as unknown as { connect(this: { ws: WebSocket }, url: string, headers?: unknown): void };
  const original = proto.connect;
  proto.connect = function (url, headers) {
    original.call(this, url, headers);
    const label = current;
    this.ws.addEventListener('message', (ev: MessageEvent) => {
      const data = ev.data as ArrayBuffer | string;
      received.set(label, (received.get(label) ?? 0) + (typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength));
    });
  };
  return {
    received,
    join: async (url, code, options, label) => {
      current = label;
      const p = await Player.join(url, code, options, label);
      p.room.reconnection.enabled = false;
      return p;
    },
    restore: () => {
      proto.connect = original;
    },
  };
}
