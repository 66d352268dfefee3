import { Protocol, Room, ServerError, getMessageBytes, type Client, type Deferred, type Delayed, type RoomException, type RoomMethodName } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import {
  apply, isRunning, legalActions, replay, view, visibleEvents, type Action, type Actor, type GameEvent, type GameState,
  type LogEntry,
} from '@aspf/shared';
import {
  BROADCAST_EVENT_TYPES, CHAT_BURST, CHAT_WINDOW_MS, CLOSE_CODES, ClientMessageSchemas, JOIN_ERRORS, NewSeatSchema,
  PROTOCOL_VERSION, RejoinSchema, RoomPayloadSchemas, type ClientMessage, type JoinErrorCode, type Reply, type SeatInfo, type Welcome,
} from '@aspf/shared/protocol';
import { BotDriver } from '../bots/driver.ts';
import { hashSecret, matchesHash, newPlayerId, newSecret } from '../security/credentials.ts';
import type { SeatRecord, SessionRecord } from '../store/session-store.ts';
import type { RoomServices } from '../services.ts';
import { project, type PlayerProjection } from './projection.ts';
import type { TableState } from './schema.ts';
import { actorOf, chooseMember, presence, seatSummary, viewerOf } from './seating.ts';
import { createTable, syncTable } from './sync.ts';
import { holdWrites } from './writes.ts';

/**
 * The game room: a thin adapter between the wire and the engine (STYLE §10). Each request is
 * validated with its protocol schema → the actor comes from the connection's seat → `apply` →
 * the accepted action is appended to the session log (durable before the answer) → the state is
 * projected into the schema and patched out at once → the sender gets `{ ok, seq }` or its
 * rejection. Timer expiries and bots take the same path. Requests run one at a time, in order.
 */

const SYSTEM: Actor = { kind: 'system' };
/** Seat bookkeeping that the engine reserves for the facilitator (see `claimSeat`). */
/** Seat claims by joining humans are the room's own bookkeeping (R1.6), logged as the system's. */
const SEATING: Actor = { kind: 'system' };
const BROADCAST = new Set<string>(BROADCAST_EVENT_TYPES);

interface Auth {
  seat: SeatRecord;
  token: string;
  rejoin: boolean;
}

interface Connection {
  client: Client;
  player: string;
  /** The seat token this connection presented or was given (sent again in the welcome after a reconnect). */
  token: string;
  held: boolean;
}

/**
 * Test hook for tests/security/crash.test.ts: ASPF_TEST_CRASH_AFTER_LOG="advance@voting" kills the
 * process with SIGKILL right after such an action is durable and before anyone is told, e.g. in
 * the middle of a round's resolution. Never set it in production.
 */
const CRASH_AFTER_LOG = process.env.ASPF_TEST_CRASH_AFTER_LOG ?? '';
const crashPoint = (spec: string, type: string, phase: string) => {
  const [wantType, wantPhase] = spec.split('@');
  return wantType === type && (wantPhase === undefined || wantPhase === phase);
};

const joinError = (code: JoinErrorCode, message: string) => new ServerError(JOIN_ERRORS[code], `${code}: ${message}`);

export class GameRoom extends Room<{ state: TableState }> {
  /** Set by the app factory's subclass (server/src/app.ts). */
  services!: RoomServices;
  code = '';
  session!: SessionRecord;
  game!: GameState;
  private seats = new Map<string, SeatRecord>();
  private connections = new Map<string, Connection>();
  private holds = new Map<string, Deferred<Client>>();
  private queue: Promise<unknown> = Promise.resolve();
  private phaseTimer: Delayed | undefined;
  private bots!: BotDriver;
  private chatTimes = new Map<string, number[]>();
  /** The `legal` list each connection last received (JSON), so it is sent only when it changes. */
  private lastLegal = new Map<string, string>();
  /** Who is here, recomputed only after seats or connections changed (`refreshPresence`). */
  private presenceNow: Record<string, PlayerProjection> | null = null;

  override async onCreate(options: { code: string }): Promise<void> {
    const { store, config } = this.services;
    this.code = options.code;
    this.roomId = options.code;
    this.autoDispose = false;
    this.maxClients = 500;
    this.maxMessagesPerSecond = config.maxMessagesPerSecond;
    const session = await store.getSession(options.code);
    if (!session) throw new Error(`no session ${options.code} in the store`);
    this.session = session;
    const entries = await store.entries(session.code);
    this.game = replay({ scenario: session.scenario, seed: session.seed, setup: session.setup, entries });
    for (const seat of await store.seats(session.code)) if (!seat.revoked) this.seats.set(seat.player, seat);
    this.state = createTable(this.projection());
    this.bots = new BotDriver({
      game: () => this.game,
      later: (ms, task) => this.clock.setTimeout(task, ms),
      turn: (member, decideNow) => void this.serial(async () => {
        const action = decideNow();
        if (!action) return;
        const reply = await this.commit({ kind: 'member', member }, action);
        if (!reply.ok) this.services.log.error(`session ${this.code}: bot ${member} was refused ${action.type} (${reply.code})`);
      }).catch((error) => this.services.log.error(`session ${this.code}: bot ${member} failed`, error)),
    }, config.botPacing);

    for (const name of Object.keys(ClientMessageSchemas) as ClientMessage[]) {
      this.onMessage(name, (client: Client, payload: unknown) => this.serial(() => this.handle(client, name, payload)));
    }
    this.services.registry.set(this.code, this);
    if (this.game.phase === 'ended') this.autoDispose = true;
    this.afterChange([]);
    this.services.log.info(`session ${this.code}: opened from ${entries.length} log entries (${session.scenario.id}, ${this.game.phase})`);
  }

  // --- joining -------------------------------------------------------------------------------

  override async onAuth(_client: Client, options: unknown): Promise<Auth> {
    const raw = (options ?? {}) as Record<string, unknown>;
    if (typeof raw.protocol === 'number' && raw.protocol !== PROTOCOL_VERSION) {
      throw joinError('join/protocol_mismatch', `This server speaks protocol ${PROTOCOL_VERSION}; reload the page to update the client.`);
    }
    if ('token' in raw) {
      const parsed = RejoinSchema.safeParse(raw);
      if (!parsed.success) throw joinError('join/invalid', issueText(parsed.error.issues));
      const seat = await this.services.store.seatByToken(hashSecret(parsed.data.token));
      if (!seat || seat.code !== this.code || seat.revoked) throw joinError('join/unknown_token', 'This seat is not known here (or was removed by the facilitator): join again.');
      return { seat, token: parsed.data.token, rejoin: true };
    }
    const parsed = NewSeatSchema.safeParse(raw);
    if (!parsed.success) throw joinError('join/invalid', issueText(parsed.error.issues));
    const o = parsed.data;
    if (o.protocol !== PROTOCOL_VERSION) throw joinError('join/protocol_mismatch', `This server speaks protocol ${PROTOCOL_VERSION}.`);
    let member: string | null = null;
    if (o.role === 'facilitator' && !matchesHash(o.key, this.session.facilitatorKeyHash)) {
      throw joinError('join/bad_key', 'That facilitator key does not open this session.');
    }
    if (o.role === 'member') {
      const choice = chooseMember(this.game, [...this.seats.values()], o.member);
      if (!choice.ok) throw joinError(choice.code, choice.message);
      member = choice.member;
    }
    const token = newSecret();
    const seat: SeatRecord = {
      tokenHash: hashSecret(token), code: this.code, player: newPlayerId(), role: o.role, member,
      name: o.name ?? 'Observer', createdAt: Date.now(), revoked: false,
    };
    await this.services.store.addSeat(seat);
    return { seat, token, rejoin: false };
  }

  override async onJoin(client: Client, _options: unknown, auth: Auth): Promise<void> {
    const { seat } = auth;
    this.seats.set(seat.player, seat);
    client.userData = { player: seat.player };
    if (auth.rejoin) this.releaseHolds(seat.player);
    this.connections.set(client.sessionId, { client, player: seat.player, token: auth.token, held: false });
    client.view = new StateView();
    this.fillView(client, seat);
    this.presenceNow = null;
    await this.serial(() => this.claimSeat(seat));
    this.refreshPresence();
    this.welcome(client, auth.token);
  }

  /**
   * What a connection's StateView holds: its own member (objective, sealed pledge); for the
   * facilitator every member and the control data; for everyone, every member once the game has
   * ended and the objectives are revealed (as `view()` reveals them).
   */
  private fillView(client: Client, seat: SeatRecord): void {
    const v = client.view!;
    if (seat.role === 'facilitator') v.add(this.state.control!);
    for (const [id, m] of this.state.members) {
      if (seat.role === 'facilitator' || seat.member === id || this.game.phase === 'ended') v.add(m);
    }
  }

  /** A human at a seat the engine shows as open (or handed to a bot while they were away) takes it. */
  private async claimSeat(seat: SeatRecord): Promise<void> {
    if (seat.role !== 'member' || this.game.phase === 'ended') return;
    if (this.game.members[seat.member!]!.seat.controller === 'human') return;
    await this.commit(SEATING, { type: 'assignSeat', member: seat.member!, controller: 'human' });
  }

  private welcome(client: Client, token: string): void {
    const seat = this.seatOf(client);
    if (!seat) return;
    const info: SeatInfo = { player: seat.player, role: seat.role, member: seat.member, name: seat.name };
    const welcome: Welcome = {
      protocol: PROTOCOL_VERSION, code: this.code, scenarioId: this.game.scenario.id, seat: info, token,
      chat: view(this.game, viewerOf(seat)).chat, reports: this.game.history, seq: this.game.seq,
    };
    holdWrites([client]);
    client.send('welcome', welcome);
    client.send('clock', Date.now());
    this.lastLegal.delete(client.sessionId);
    this.sendLegal();
  }

  /** Each connection's legal actions, when they changed (one computation per distinct actor). */
  /** Sends each seat its legal actions when they changed; `scope` narrows whom a change can affect. */
  private sendLegal(scope: LegalScope = 'all'): void {
    if (scope === 'none') return;
    const now = Date.now();
    const byActor = new Map<string, string>();
    for (const [sessionId, c] of this.connections) {
      const seat = this.seats.get(c.player);
      if (!seat || c.held) continue;
      if (scope !== 'all' && !(seat.role === 'member' && seat.member === scope.member)) continue;
      const key = seat.role === 'member' ? `member:${seat.member}` : seat.role;
      let json = byActor.get(key);
      if (json === undefined) {
        json = JSON.stringify(legalActions(this.game, actorOf(seat), now));
        byActor.set(key, json);
      }
      if (this.lastLegal.get(sessionId) === json) continue;
      this.lastLegal.set(sessionId, json);
      c.client.send('legal', JSON.parse(json));
    }
  }

  override onDrop(client: Client): void {
    const c = this.connections.get(client.sessionId);
    if (!c || !this.seats.has(c.player)) return; // a kicked seat is not held
    c.held = true;
    this.refreshPresence();
    const hold = this.allowReconnection(client, this.session.options.seatHoldSeconds);
    this.holds.set(client.sessionId, hold);
    hold.catch(() => undefined);
  }

  override onReconnect(client: Client): void {
    const c = this.connections.get(client.sessionId);
    this.holds.delete(client.sessionId);
    if (c) {
      c.held = false;
      c.client = client;
    }
    this.refreshPresence();
    // Messages sent while the socket was down are lost: the welcome carries the chat again.
    if (c) this.welcome(client, c.token);
  }

  override onLeave(client: Client): void {
    this.connections.delete(client.sessionId);
    this.lastLegal.delete(client.sessionId);
    this.holds.delete(client.sessionId);
    this.refreshPresence();
  }

  override onDispose(): void {
    this.phaseTimer?.clear();
    this.bots?.stop();
    if (this.services.registry.get(this.code) === this) this.services.registry.delete(this.code);
  }

  override onUncaughtException(error: RoomException, method: RoomMethodName): void {
    const cause = (error as { cause?: unknown }).cause;
    if (method === 'onAuth' && cause instanceof ServerError) return; // a refused join, answered to the client
    this.services.log.error(`session ${this.code}: ${method} failed`, cause ?? error);
  }

  /** Ends the holds of a player's dropped connections once the player is back on a new one. */
  private releaseHolds(player: string): void {
    for (const [sessionId, c] of this.connections) {
      if (c.player === player && c.held) this.holds.get(sessionId)?.reject(new Error('replaced by a new connection'));
    }
  }

  // --- requests ------------------------------------------------------------------------------

  private async handle(client: Client, name: ClientMessage, payload: unknown): Promise<Reply> {
    try {
      const seat = this.seatOf(client);
      if (!seat) return { ok: false, code: 'seat/none', message: 'This connection holds no seat.' };
      const parsed = ClientMessageSchemas[name].safeParse(payload ?? {});
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.join('.');
        return { ok: false, code: name in RoomPayloadSchemas ? 'request/invalid' : 'action/invalid', message: field ? `${field}: ${issue.message}` : issue.message, ...(field ? { field } : {}) };
      }
      if (name === 'kick') return await this.kick(seat, (parsed.data as { player: string }).player);
      if (name === 'move') return await this.move(seat, parsed.data as { player: string; member: string });
      const action = { type: name, ...(parsed.data as object) } as Action;
      const refused = this.roomCheck(seat, action);
      if (refused) return refused;
      const reply = await this.commit(actorOf(seat), action);
      if (reply.ok && (action.type === 'chat' || action.type === 'announce')) this.chatTimes.get(seat.player)!.push(Date.now());
      return reply;
    } catch (error) {
      this.services.log.error(`session ${this.code}: request ${name} failed`, error);
      return { ok: false, code: 'server/error', message: 'The server could not record this action; nothing changed. Try again.' };
    }
  }

  /** The room's own limits, before the engine's rules. */
  private roomCheck(seat: SeatRecord, action: Action): Reply | null {
    if (action.type === 'chat' || action.type === 'announce') {
      const now = Date.now();
      const times = (this.chatTimes.get(seat.player) ?? []).filter((t) => now - t < CHAT_WINDOW_MS);
      this.chatTimes.set(seat.player, times);
      if (times.length >= CHAT_BURST) {
        return { ok: false, code: 'chat/rate_limited', message: `At most ${CHAT_BURST} messages in ${CHAT_WINDOW_MS / 1000} seconds; wait a moment.` };
      }
    }
    if (seat.role === 'facilitator' && (action.type === 'freeSeat' || (action.type === 'assignSeat' && action.controller === 'bot'))) {
      const here = [...this.connections.values()].some((c) => this.seats.get(c.player)?.member === action.member);
      if (here) return { ok: false, code: 'seat/occupied', message: `Players are connected at ${action.member}'s seat; remove them first.`, field: 'member' };
    }
    return null;
  }

  private async kick(seat: SeatRecord, player: string): Promise<Reply> {
    if (seat.role !== 'facilitator') return { ok: false, code: 'actor/not_facilitator', message: 'Only the facilitator can do this.' };
    const target = this.seats.get(player);
    if (!target) return { ok: false, code: 'kick/unknown_player', message: `There is no player "${player}".`, field: 'player' };
    await this.services.store.revokeSeat(this.code, player);
    this.seats.delete(player);
    for (const [sessionId, c] of this.connections) {
      if (c.player !== player) continue;
      this.holds.get(sessionId)?.reject(new Error('kicked'));
      if (!c.held) c.client.leave(CLOSE_CODES.kicked, 'The facilitator removed you from the session.');
    }
    this.refreshPresence();
    return { ok: true, seq: this.game.seq };
  }

  /**
   * Seats a player at another member state (or an observer at one) without a new join: the seat
   * record moves (durable first), the player's connections swap their private view from the old
   * member to the new one and get a fresh `welcome` (its chat is the new seat's) and `legal`. A bot
   * or open seat at the destination is first handed to a human, as a logged facilitator action.
   * The seat left behind stays as it is; the facilitator may free it or give it to a bot.
   */
  private async move(seat: SeatRecord, { player, member }: { player: string; member: string }): Promise<Reply> {
    if (seat.role !== 'facilitator') return { ok: false, code: 'actor/not_facilitator', message: 'Only the facilitator can do this.' };
    const target = this.seats.get(player);
    if (!target) return { ok: false, code: 'move/unknown_player', message: `There is no player "${player}".`, field: 'player' };
    if (target.role === 'facilitator') return { ok: false, code: 'move/not_movable', message: 'The facilitator does not sit at a member state.', field: 'player' };
    if (this.game.phase === 'ended') return { ok: false, code: 'game/ended', message: 'The game is over.' };
    const destination = this.game.members[member];
    if (!destination) return { ok: false, code: 'move/unknown_member', message: `There is no member "${member}" in this game.`, field: 'member' };
    if (target.member === member) return { ok: false, code: 'move/same_seat', message: `${target.name} already sits at ${member}.`, field: 'member' };
    if (destination.seat.controller !== 'human') {
      const taken = await this.commit(actorOf(seat), { type: 'assignSeat', member, controller: 'human' });
      if (!taken.ok) return taken;
    }
    await this.services.store.moveSeat(this.code, player, member);
    const moved: SeatRecord = { ...target, role: 'member', member };
    this.seats.set(player, moved);
    const left = target.member === null ? undefined : this.state.members.get(target.member);
    for (const c of this.connections.values()) {
      if (c.player !== player) continue;
      if (c.client.view && left) c.client.view.remove(left);
      if (c.client.view) this.fillView(c.client, moved);
      if (!c.held) this.welcome(c.client, c.token);
    }
    this.refreshPresence();
    return { ok: true, seq: this.game.seq };
  }

  /**
   * The one path that changes the game: apply → append to the log → project → tell. The state
   * moves on only once the entry is durable; if the store fails, nothing changed.
   */
  private async commit(actor: Actor, action: Action, now = Date.now()): Promise<Reply> {
    const result = apply(this.game, actor, action, now);
    if (!result.ok) {
      const { code, message, field } = result.error;
      return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
    }
    const next = result.value.state;
    const entry: LogEntry = { seq: next.seq, actor, action, at: now };
    await this.services.store.append(this.code, entry);
    if (CRASH_AFTER_LOG && crashPoint(CRASH_AFTER_LOG, action.type, this.game.phase)) process.kill(process.pid, 'SIGKILL');
    this.game = next;
    // From here the action is accepted and durable: whatever fails below is logged, not undone.
    try {
      if (next.phase === 'ended') {
        this.autoDispose = true;
        for (const c of this.connections.values()) {
          const seat = this.seats.get(c.player);
          if (seat && c.client.view) this.fillView(c.client, seat);
        }
        await this.services.store.endSession(this.code, now);
      }
      this.afterChange(result.value.events);
    } catch (error) {
      this.services.log.error(`session ${this.code}: after action ${entry.seq}`, error);
    }
    return { ok: true, seq: next.seq };
  }

  /** After a change: mirror, patch now (not on the next 50 ms tick), send events, rearm clocks. */
  private afterChange(events: GameEvent[]): void {
    holdWrites(this.clients);
    syncTable(this.state, this.projection(), events.every((e) => e.type === 'messageSent'));
    this.broadcastPatch();
    this.tell(events);
    this.sendLegal(legalScope(events));
    this.scheduleTimer();
    this.bots.wake();
  }

  /**
   * Sends each connection the events it may see. Connections that see the same events (every one
   * of them, for a public chat line) share one encoded frame.
   */
  private tell(events: GameEvent[]): void {
    if (events.length === 0) return;
    const seq = this.game.seq;
    const framesBySight = new Map<string, Buffer[]>();
    for (const c of this.connections.values()) {
      if (c.held) continue;
      const seat = this.seats.get(c.player);
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

  // --- the phase timer ------------------------------------------------------------------------

  private scheduleTimer(): void {
    this.phaseTimer?.clear();
    this.phaseTimer = undefined;
    const { endsAt, paused } = this.game.clock;
    if (paused || endsAt === null || !isRunning(this.game.phase)) return;
    this.phaseTimer = this.clock.setTimeout(() => {
      void this.serial(async () => {
        if (this.game.clock.endsAt !== endsAt || this.game.clock.paused) return;
        // The timeout's time is its deadline, even if the tick that noticed it came a little late.
        const reply = await this.commit(SYSTEM, { type: 'phaseTimeout' }, Math.max(Date.now(), endsAt));
        if (!reply.ok) this.services.log.error(`session ${this.code}: phase timeout refused (${reply.code})`);
      }).catch((error) => this.services.log.error(`session ${this.code}: phase timeout failed`, error));
    }, Math.max(0, endsAt - Date.now()));
  }

  // --- helpers -------------------------------------------------------------------------------

  private serial<T>(task: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private seatOf(client: Client): SeatRecord | undefined {
    const player = (client.userData as { player?: string } | undefined)?.player;
    return player === undefined ? undefined : this.seats.get(player);
  }

  private players(): Record<string, PlayerProjection> {
    this.presenceNow ??= presence(this.seats.values(), this.connections.values());
    return this.presenceNow;
  }

  private projection() {
    return project(this.game, this.code, this.players());
  }

  private refreshPresence(): void {
    this.presenceNow = null;
    holdWrites(this.clients);
    syncTable(this.state, this.projection());
    this.broadcastPatch();
  }

  /** Seats and presence for the HTTP API. */
  seatSummary() {
    return seatSummary(this.game, this.players());
  }
}

function issueText(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const issue = issues[0];
  if (!issue) return 'invalid join options';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * Which seats an action's events can change the legal actions of: nobody for votes and chat (what a
 * member may do never depends on votes or messages), only the pledger for a pledge made while
 * pledging, everyone otherwise (phase changes, proposals, seats, settlement, overrides…).
 */
type LegalScope = 'all' | 'none' | { member: string };
export function legalScope(events: readonly GameEvent[]): LegalScope {
  if (events.every((e) => e.type === 'voted' || e.type === 'messageSent')) return 'none';
  if (events.length === 1 && events[0]!.type === 'pledged') return { member: events[0]!.member };
  return 'all';
}
