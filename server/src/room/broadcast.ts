import { Protocol, getMessageBytes, type Client } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { legalActions, visibleEvents, type GameEvent, type GameState } from '@aspf/shared';
import {
  BROADCAST_EVENT_TYPES, inLegalScope, legalScope, movesPublicTable, seesPrivateChange, seesPrivateOf, type LegalScope,
} from '@aspf/shared/protocol';
import type { SeatRecord } from '../store/session-store.ts';
import { project, type PlayerProjection } from './projection.ts';
import type { TableState } from './schema.ts';
import { actorOf, viewerOf } from './seating.ts';
import { createTable, syncTable } from './sync.ts';
import { holdWrites } from './writes.ts';

/**
 * Broadcast: everything a room tells its connections after a change, in one place. The state is
 * projected (server/src/room/projection.ts) and mirrored into the Colyseus schema (sync.ts), the
 * patch goes out at once to whoever may see the change, each connection gets the events it may see
 * (`visibleEvents`) and, when they changed, its legal actions. Who may see what is decided by the
 * pure functions of shared/src/protocol/secrecy.ts; the room (game-room.ts) only commits.
 */

const BROADCAST = new Set<string>(BROADCAST_EVENT_TYPES);

/** One live connection as the broadcaster sees it. */
export interface Listener {
  client: Client;
  player: string;
  /** Dropped and held for a reconnection: sent nothing until it is back. */
  held: boolean;
}

/** What the broadcaster reads from its room. */
export interface Stage {
  readonly code: string;
  game(): GameState;
  /** The public `seq` (shared/src/protocol/secrecy.ts). */
  publicSeq(): number;
  seat(player: string): SeatRecord | undefined;
  listeners(): Iterable<[sessionId: string, listener: Listener]>;
  players(): Record<string, PlayerProjection>;
  /** Every client of the room. */
  clients(): Client[];
  /** Sends the schema's pending changes to `audience` (Colyseus' patch, which goes to every client by default). */
  patch(audience?: Client[]): void;
}

export class Broadcast {
  readonly state: TableState;
  /** The `legal` list each connection last received (JSON), so it is sent only when it changes. */
  private lastLegal = new Map<string, string>();

  private readonly stage: Stage;

  constructor(stage: Stage) {
    this.stage = stage;
    this.state = createTable(this.projection());
  }

  /** After an accepted action: mirror, patch now (not on the next 50 ms tick), send events and legal actions. */
  changed(events: readonly GameEvent[]): void {
    holdWrites(this.stage.clients());
    if (this.sync()) this.patch(events);
    this.tell(events);
    this.sendLegal(legalScope(events));
  }

  /** After seats or presence changed (nothing in the game did): mirror and patch to everyone. */
  seatsChanged(): void {
    holdWrites(this.stage.clients());
    if (this.sync()) this.stage.patch();
  }

  /**
   * What a connection's StateView holds: for the facilitator the control data, and each member's
   * private row that this seat may read (`seesPrivateOf`: its own; every one for the facilitator,
   * and for everyone once the game has ended).
   */
  fillView(client: Client, seat: SeatRecord): void {
    client.view ??= new StateView();
    const v = client.view;
    if (seat.role === 'facilitator') v.add(this.state.control!);
    const viewer = viewerOf(seat);
    const phase = this.stage.game().phase;
    for (const [id, m] of this.state.members) if (seesPrivateOf(viewer, id, phase)) v.add(m);
  }

  /** A player's seat moved: its connections lose the old member's private row and get the new seat's. */
  reseat(player: string, left: string | null, seat: SeatRecord): void {
    const old = left === null ? undefined : this.state.members.get(left);
    for (const [, c] of this.stage.listeners()) {
      if (c.player !== player || !c.client.view) continue;
      if (old) c.client.view.remove(old);
      this.fillView(c.client, seat);
    }
  }

  /** The game ended: every private row is revealed to every connection. */
  revealAll(): void {
    for (const [, c] of this.stage.listeners()) {
      const seat = this.stage.seat(c.player);
      if (seat && c.client.view) this.fillView(c.client, seat);
    }
  }

  /** Sends this connection its legal actions on the next `sendLegal`, changed or not (a fresh welcome). */
  forgetLegal(sessionId: string): void {
    this.lastLegal.delete(sessionId);
  }

  /** Sends each seat its legal actions when they changed; `scope` narrows whom a change can affect. */
  sendLegal(scope: LegalScope = 'all'): void {
    if (scope === 'none') return;
    const now = Date.now();
    const byActor = new Map<string, string>();
    for (const [sessionId, c] of this.stage.listeners()) {
      const seat = this.stage.seat(c.player);
      if (!seat || c.held || !inLegalScope(scope, viewerOf(seat))) continue;
      const key = seat.role === 'member' ? `member:${seat.member}` : seat.role;
      let json = byActor.get(key);
      if (json === undefined) {
        json = JSON.stringify(legalActions(this.stage.game(), actorOf(seat), now));
        byActor.set(key, json);
      }
      if (this.lastLegal.get(sessionId) === json) continue;
      this.lastLegal.set(sessionId, json);
      c.client.send('legal', JSON.parse(json));
    }
  }

  private projection() {
    const { stage } = this;
    return project(stage.game(), stage.code, stage.players(), stage.publicSeq());
  }

  private sync(): boolean {
    return syncTable(this.state, this.projection());
  }

  /**
   * Sends the patch. After an act that changed nothing public (a sealed pledge, an inject), only the
   * people who can see what changed get a frame (`seesPrivateChange`).
   */
  private patch(events: readonly GameEvent[]): void {
    if (movesPublicTable(events)) return this.stage.patch();
    const audience: Client[] = [];
    for (const [, c] of this.stage.listeners()) {
      const seat = this.stage.seat(c.player);
      if (!c.held && seat !== undefined && seesPrivateChange(events, viewerOf(seat))) audience.push(c.client);
    }
    this.stage.patch(audience);
  }

  /**
   * Sends each connection the events it may see. Connections that see the same events (every one
   * of them, for a public chat line) share one encoded frame.
   */
  private tell(events: readonly GameEvent[]): void {
    if (events.length === 0) return;
    const seq = this.stage.publicSeq();
    const framesBySight = new Map<string, Buffer[]>();
    for (const [, c] of this.stage.listeners()) {
      if (c.held) continue;
      const seat = this.stage.seat(c.player);
      if (!seat) continue;
      const visible = visibleEvents(events, viewerOf(seat));
      const sight = visible.map((e) => events.indexOf(e)).join();
      let frames = framesBySight.get(sight);
      if (!frames) {
        frames = visible.flatMap((e) => (e.type === 'messageSent' ? [getMessageBytes.raw(Protocol.ROOM_DATA, 'chat', e.message)] : []));
        const rest = visible.filter((e) => BROADCAST.has(e.type));
        if (rest.length) frames.push(getMessageBytes.raw(Protocol.ROOM_DATA, 'events', { seq, events: rest }));
        framesBySight.set(sight, frames);
      }
      for (const frame of frames) c.client.enqueueRaw(frame);
    }
  }
}
