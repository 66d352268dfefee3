/**
 * The baseline of the capacity benchmark: a bare Colyseus room with the same transport and the same
 * request/patch pattern as the game room (a request is answered after its change is patched out at
 * once), and no game behind it. Our per-action cost is compared with this one.
 */
import { Room, defineRoom, defineServer, type Client } from '@colyseus/core';
import { schema, t } from '@colyseus/schema';
import { WebSocketTransport } from '@colyseus/ws-transport';

const EchoState = schema({ seq: t.number(), last: t.string(), by: t.string() });

class EchoRoom extends Room<{ state: InstanceType<typeof EchoState> }> {
  override onCreate(): void {
    this.autoDispose = true;
    this.maxClients = 500;
    this.state = new EchoState();
    this.state.seq = 0;
    this.state.last = '';
    this.state.by = '';
    this.onMessage('act', (client: Client, payload: unknown) => {
      const text = typeof (payload as { text?: unknown })?.text === 'string' ? (payload as { text: string }).text : '';
      this.state.seq += 1;
      this.state.last = text.slice(0, 500);
      this.state.by = client.sessionId;
      this.broadcastPatch();
      return { ok: true, seq: this.state.seq };
    });
  }
}

const transport = new WebSocketTransport({ maxPayload: 16_384 });
const server = defineServer({ rooms: { echo: defineRoom(EchoRoom) }, transport, greet: false });
await server.listen(Number(process.env.PORT ?? 2570), process.env.HOST ?? '127.0.0.1');
process.stdout.write('echo server ready\n');
