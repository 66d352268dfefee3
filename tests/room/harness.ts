import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Room } from '@colyseus/sdk';
import { WebSocketTransport } from '@colyseus/sdk/transport/WebSocketTransport';
import NodeWebSocket from 'ws';
import type { ChatMessage, GameEvent, LegalAction, Scenario } from '@aspf/shared';
import {
  PROTOCOL_VERSION, ServerEventSchemas, type ClientMessage, type CreatedSession, type JoinOptions, type Reply, type Welcome,
} from '@aspf/shared/protocol';
import { startServer, type RunningServer } from '../../server/src/app.ts';
import { testConfig, type ServerConfig } from '../../server/src/config.ts';
import type { SessionStore } from '../../server/src/store/session-store.ts';

/** Real-server test helpers: an embedded server on a free port and real @colyseus/sdk clients. */

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}, store?: (dataDir: string) => SessionStore): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'aspf-room-'));
  const server = await startServer(testConfig({ ...overrides, dataDir }), store?.(dataDir));
  return {
    server,
    url: server.url,
    dataDir,
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function http<T = unknown>(url: string, path: string, init: { method?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T }> {
  const hasBody = init.body !== undefined || init.raw !== undefined;
  const response = await fetch(`${url}${path}`, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(hasBody ? { body: init.raw ?? JSON.stringify(init.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function createSession(url: string, body: Record<string, unknown> = { scenario: 'quick-demo', seed: 7 }): Promise<CreatedSession> {
  const { status, body: created } = await http<CreatedSession>(url, '/api/sessions', { body });
  if (status !== 201) throw new Error(`session not created: ${status} ${JSON.stringify(created)}`);
  return created;
}

export async function scenarioOf(url: string, code: string): Promise<Scenario> {
  return (await http<Scenario>(url, `/api/sessions/${code}/scenario`)).body;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type JoinArgs = DistributiveOmit<JoinOptions, 'protocol'> & { protocol?: number };

/** Decoded state as plain JSON (what a browser would see). */
export type Table = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One SDK client: its room, what it was sent, and helpers to act and wait. */
export class Player {
  readonly room: Room;
  readonly label: string;
  welcome: Welcome | null = null;
  welcomes = 0;
  chat: ChatMessage[] = [];
  events: GameEvent[] = [];
  legal: LegalAction[] = [];
  serverClock = 0;
  closed: number | null = null;
  /** The type of every message received, in order of arrival. */
  arrivals: string[] = [];

  private constructor(room: Room, label: string) {
    this.room = room;
    this.label = label;
    room.reconnection.minUptime = 0;
    room.reconnection.minDelay = 50;
    room.reconnection.delay = 50;
    room.onMessage('welcome', (w: unknown) => {
      this.welcome = ServerEventSchemas.welcome.parse(w) as Welcome;
      this.welcomes += 1;
      this.chat = [...this.welcome.chat];
    });
    room.onMessage('chat', (m: unknown) => {
      this.chat.push(ServerEventSchemas.chat.parse(m) as ChatMessage);
    });
    room.onMessage('events', (m: unknown) => {
      this.events.push(...(ServerEventSchemas.events.parse(m).events as GameEvent[]));
    });
    room.onMessage('legal', (m: unknown) => {
      this.legal = ServerEventSchemas.legal.parse(m) as LegalAction[];
    });
    room.onMessage('clock', (m: unknown) => {
      this.serverClock = ServerEventSchemas.clock.parse(m);
    });
    for (const type of ['welcome', 'chat', 'events', 'legal', 'clock']) room.onMessage(type, () => this.arrivals.push(type));
    room.onLeave((code: number) => {
      this.closed = code;
    });
  }

  static async join(url: string, code: string, options: JoinArgs, label = 'player'): Promise<Player> {
    const client = new Client(url);
    return Player.ready(await client.joinById(code, { protocol: PROTOCOL_VERSION, ...options }), label);
  }

  /**
   * Takes a seat reserved with a raw `POST /matchmake/joinById/CODE`; with `from`, its WebSocket
   * leaves from that loopback address (127.0.0.x), as another machine's would.
   */
  static async consume(url: string, reservation: Parameters<Client['consumeSeatReservation']>[0], from?: string, label = 'player'): Promise<Player> {
    type Transport = { ws: unknown; protocols?: string[]; events: Record<string, ((e: unknown) => void) | undefined> };
    const proto = WebSocketTransport.prototype as unknown as { connect(this: Transport, url: string, headers?: unknown): void };
    const original = proto.connect;
    if (from) {
      proto.connect = function (this: Transport, target: string, headers?: unknown) {
        const ws = new NodeWebSocket(target, this.protocols, { headers: headers as Record<string, string>, localAddress: from });
        ws.binaryType = 'arraybuffer';
        ws.onopen = (e) => this.events.onopen?.(e);
        ws.onmessage = (e) => this.events.onmessage?.(e);
        ws.onclose = (e) => this.events.onclose?.(e);
        ws.onerror = (e) => this.events.onerror?.(e);
        this.ws = ws;
      };
    }
    try {
      return Player.ready(await new Client(url).consumeSeatReservation(reservation), label);
    } finally {
      proto.connect = original;
    }
  }

  private static async ready(room: Room, label: string): Promise<Player> {
    const player = new Player(room, label);
    await player.until(() => player.welcome !== null && player.room.state?.phase !== undefined, 'welcome');
    return player;
  }

  get state(): Table {
    return (this.room.state as { toJSON(): Table }).toJSON();
  }

  get token(): string {
    return this.welcome!.token;
  }

  get member(): string {
    return this.welcome!.seat.member!;
  }

  async act(type: ClientMessage, payload?: unknown): Promise<Reply> {
    return (await this.room.request(type, payload)) as Reply;
  }

  /** Acts and insists on acceptance. */
  async must(type: ClientMessage, payload?: unknown): Promise<number> {
    const reply = await this.act(type, payload);
    if (!reply.ok) throw new Error(`${this.label} ${type} ${JSON.stringify(payload)} refused: ${reply.code} ${reply.message}`);
    return reply.seq;
  }

  async until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`${this.label}: timed out waiting for ${what}`);
      await sleep(10);
    }
  }

  /** Waits until this client's state has caught up with an action's sequence number. */
  async sees(seq: number): Promise<void> {
    await this.until(() => (this.state.seq as number) >= seq, `seq ${seq}`);
  }

  /** Counts the frames this client receives from now on (anything the server sends it). */
  countFrames(): () => number {
    let n = 0;
    (this.room.connection.transport as unknown as { ws: WebSocket }).ws.addEventListener('message', () => (n += 1));
    return () => n;
  }

  async leave(): Promise<void> {
    if (this.closed === null) await this.room.leave(true).catch(() => undefined);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The close or error code of a refused join, and its "join/…" message. */
export async function refusedJoin(url: string, code: string, options: Record<string, unknown>): Promise<{ code: number; message: string }> {
  try {
    const room = await new Client(url).joinById(code, options);
    await room.leave();
  } catch (error) {
    const e = error as { code: number; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error('the join was accepted');
}
